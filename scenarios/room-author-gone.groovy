// The author gone for good: Sam writes in #ops while Dan is away, then Sam's machine dies and
// never comes back. Carol has Sam's messages; when Dan is back, he asks the members who are
// online for what he missed, and Carol passes Sam's messages on — signed by Sam, so Dan knows
// Carol did not write them — in the order Sam wrote them, once.
scenario('#ops: a room message reaches a member after its author is gone for good') {
    registry()
    def sam = peer('Sam')
    def carol = peer('Carol')
    def dan = peer('Dan', process: true)

    sam.createRoom('#ops', 'Carol', 'Dan')
    eventually(10.s) { carol.joined('#ops') && dan.joined('#ops') }
    dan.crash()
    (1..30).each { sam.send('#ops', "sam $it") }
    eventually(10.s) { carol.messages(from: 'Sam', room: '#ops').size() == 30 }   // all of them
    sam.crash()                                            // and never starts again

    dan.start()
    eventually(10.s) { dan.messages(from: 'Sam', room: '#ops').size() == 30 }
    dan.messages(from: 'Sam', room: '#ops') == (1..30).collect { "sam $it" }
    check.noDuplicates().inOrder().nothingAfterRemoval()
}
