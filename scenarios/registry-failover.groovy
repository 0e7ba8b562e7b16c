// Three registry instances share one PostgreSQL; the one Sam and Carol use dies mid-conversation.
//
// Every instance answers every call, and the leases live in the database. So when instance 0
// stops, each agent's next heartbeat simply goes to the next instance on its list, well before
// its lease (four heartbeats long) runs out: nobody ever shows as unreachable, and no message is
// lost, doubled or reordered. A peer that really crashes is still found out within its lease,
// by the instances that are left; and the dead instance, back, knows everything at once.
scenario('a registry instance dies under traffic; agents fail over and nobody looks unreachable') {
    registry(instances: 3, db: 'postgresql', heartbeat: 250.ms, lease: 1.s)
    def sam = peer('Sam')
    def carol = peer('Carol', process: true)
    def dana = peer('Dana')
    eventually(10.s) { ['Sam', 'Carol', 'Dana'].every { registry.status(it) == 'online' } }

    (1..50).each { sam.send('Carol', "before #$it") }
    registry.stop(0)                                       // the instance everyone tried first
    (1..50).each { sam.send('Carol', "after #$it") }
    always(3.s) { ['Sam', 'Carol', 'Dana'].every { registry.status(1, it) == 'online' } }
    eventually(10.s) { carol.receivedAll(from: 'Sam') }

    dana.crash()                                           // no goodbye: only her lease tells
    eventually(2.s) { registry.status(1, 'Dana') == 'unreachable' && registry.status(2, 'Dana') == 'unreachable' }

    registry.start(0)
    eventually(3.s) { registry.status(0, 'Sam') == 'online' && registry.status(0, 'Dana') == 'unreachable' }
    check.noLoss().noDuplicates().inOrder()
}
