// The sender is killed with -9 in the middle of a stream.
//
// Sam runs as a separate OS process and is asked to send 2,000 messages to Carol over a link
// with a little latency. After Carol has stored a few hundred, Sam's process is killed with
// SIGKILL. Every message Sam had durably queued (and so promised) is still in his outbox on
// disk; when he restarts, his agent delivers the rest by itself, in order, with no duplicates
// of what Carol already had.
scenario('Sam (a process) is killed with -9 mid-stream; after his restart his outbox finishes the job') {
    registry()
    def sam = peer('Sam', process: true)
    def carol = peer('Carol')
    link(sam, carol).latency(10.ms)

    (1..2000).each { sam.send('Carol', "m$it") }
    eventually(15.s) { carol.messages(from: 'Sam').size() >= 200 }
    sam.crash()                                            // kill -9
    sam.start()

    eventually(20.s) { carol.receivedAll(from: 'Sam') }
    check.noLoss().noDuplicates().inOrder()
}
