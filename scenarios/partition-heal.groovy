// A partition between Sam and Carol, then healed.
//
// The proxies in front of Sam and Carol refuse every connection between the two of them,
// while Dave can still reach both. What Sam writes to Carol during the partition waits in his
// outbox; Dave's message gets through at once. When the partition heals, Sam's messages arrive
// by themselves, in order, exactly once.
scenario('messages written across a partition arrive once it heals; other links are untouched') {
    registry()
    def sam = peer('Sam')
    def carol = peer('Carol')
    def dave = peer('Dave')

    partition(sam, carol)
    (1..50).each { sam.send('Carol', "across the partition #$it") }
    dave.send('Carol', 'Dave gets through')
    eventually(3.s) { carol.received('Dave gets through', from: 'Dave') }
    always(1.s) { carol.messages(from: 'Sam').isEmpty() }

    heal()
    eventually(5.s) { carol.receivedAll(from: 'Sam') }
    check.noLoss().noDuplicates().inOrder()
}
