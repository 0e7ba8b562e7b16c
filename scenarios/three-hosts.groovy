// Three peers on three hosts: Ann, Bob and Cat each run as a process in a network namespace of
// their own, at an address of their own (10.160.x.y), and dial each other directly across a
// bridge, with no proxy between them. The partition of Ann and Bob is on the link itself (a
// blackhole route in each one's namespace): what Ann writes to Bob waits in her outbox while
// Cat still reaches both. After heal() it arrives by itself, once, in order. Needs root and
// iproute2; elsewhere the scenario is skipped, saying so in one line.
scenario('three peers on three hosts: a partition on their link waits for the heal') {
    registry()
    def ann = peer('Ann', host: true)
    def bob = peer('Bob', host: true)
    def cat = peer('Cat', host: true)

    ann.send('Bob', 'hello Bob'); ann.send('Cat', 'hello Cat')
    bob.send('Ann', 'hello Ann'); bob.send('Cat', 'hello Cat')
    cat.send('Ann', 'hello Ann'); cat.send('Bob', 'hello Bob')
    eventually(10.s) { ann.receivedAll() }
    eventually(10.s) { bob.receivedAll() }
    eventually(10.s) { cat.receivedAll() }

    partition(ann, bob)
    (1..20).each { ann.send('Bob', "across the cut #$it") }
    cat.send('Bob', 'Cat gets through')
    eventually(5.s) { bob.received('Cat gets through', from: 'Cat') }
    always(1.s) { bob.messages(from: 'Ann') == ['hello Bob'] }

    heal()
    eventually(10.s) { bob.receivedAll(from: 'Ann') }
}
