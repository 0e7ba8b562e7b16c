// A flapping link: the connection between Sam and Carol is reset every 250 ms.
//
// While Sam and Carol talk in bursts, the fault-injecting proxy between them aborts their
// connection (TCP RST) four times a second. Each side reconnects by itself and resumes from
// the first unacknowledged message, so both directions end up complete, exactly once and in
// order — however often the link broke in the middle of a batch.
scenario('a link reset every 250 ms still delivers everything, once, in order, both ways') {
    registry()
    def sam = peer('Sam')
    def carol = peer('Carol')
    link(sam, carol).reset(every: 250.ms)

    (1..30).each { burst ->
        (1..20).each { sam.send('Carol', "burst $burst, line $it") }
        carol.send('Sam', "ack of burst $burst")
        sleep(50.ms)
    }
    eventually(10.s) { carol.receivedAll(from: 'Sam') && sam.receivedAll(from: 'Carol') }
    link(sam, carol).heal()
    check.noLoss().noDuplicates().inOrder()
}
