// The registry goes down for 10 seconds in the middle of a conversation.
//
// The registry only tells peers where the others are; it never carries a message. So when
// it stops, Sam and Carol keep talking on the addresses they already know, and when it comes
// back (same port, same database) they register again and show as online.
scenario('the registry is down for 10 s during traffic; Sam and Carol keep talking') {
    registry()
    def sam = peer('Sam')
    def carol = peer('Carol')
    sam.send('Carol', 'hello')
    carol.send('Sam', 'hi')
    eventually(5.s) { carol.received('hello', from: 'Sam') && sam.received('hi', from: 'Carol') }

    registry.stop()
    (1..20).each {
        sam.send('Carol', "during the outage #$it")
        carol.send('Sam', "still here #$it")
        sleep(500.ms)                                      // 10 s of traffic with no registry
    }
    eventually(3.s) { carol.receivedAll(from: 'Sam') && sam.receivedAll(from: 'Carol') }
    !registry.running

    registry.start()
    eventually(5.s) { registry.status('Sam') == 'online' && registry.status('Carol') == 'online' }
    sam.send('Carol', 'the registry is back')
    eventually(5.s) { carol.received('the registry is back', from: 'Sam') }
    check.noLoss().noDuplicates().inOrder()
}
