// The receiver is frozen with SIGSTOP, then thawed with SIGCONT.
//
// Carol runs as a separate process. When she is paused her sockets stay open but nothing in
// her runs: her heartbeats stop and the registry marks her unreachable once her lease (1 s)
// runs out. Sam keeps writing. When she is resumed she catches up by herself: every message
// arrives, once, in order, and the registry shows her online again.
scenario('Carol (a process) frozen with SIGSTOP catches up after SIGCONT') {
    registry()
    def sam = peer('Sam')
    def carol = peer('Carol', process: true)
    sam.send('Carol', 'before the pause')
    eventually(5.s) { carol.received('before the pause', from: 'Sam') }

    carol.pause()                                          // kill -STOP
    eventually(5.s) { registry.status('Carol') == 'unreachable' }
    (1..100).each { sam.send('Carol', "while frozen #$it") }

    carol.resume()                                         // kill -CONT
    eventually(10.s) { carol.receivedAll(from: 'Sam') }
    eventually(5.s) { registry.status('Carol') == 'online' }
    check.noLoss().noDuplicates().inOrder()
}
