// The receiver is killed with -9 in the middle of a stream.
//
// Carol runs as a separate OS process. Sam streams 2,000 messages to her over a link with a
// little latency, so the stream takes a while. After Carol has stored a few hundred, her
// process is killed with SIGKILL: whatever she had not committed is gone, and whatever she
// had committed but not yet acknowledged will be sent to her again. When she restarts, the
// stream resumes from the first message she had not acknowledged: in the end she has every
// message exactly once, in order.
scenario('Carol (a process) is killed with -9 mid-stream; after her restart nothing is lost or doubled') {
    registry()
    def sam = peer('Sam')
    def carol = peer('Carol', process: true)
    link(sam, carol).latency(10.ms)

    (1..2000).each { sam.send('Carol', "m$it") }
    eventually(15.s) { carol.messages(from: 'Sam').size() >= 200 }
    carol.crash()                                          // kill -9
    carol.start()

    eventually(20.s) { carol.receivedAll(from: 'Sam') }
    check.noLoss().noDuplicates().inOrder()
}
