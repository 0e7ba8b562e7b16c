// A room whose member is away: Sam makes #ops with Carol and Dan. Dan's laptop is shut (his
// process is killed) while Sam and Carol talk in the room. When Dan is back, every room message
// he missed arrives by itself, each author's in the order they wrote them, once.
scenario('#ops: a member offline gets every room message when back, in each author\'s order') {
    registry()
    def sam = peer('Sam')
    def carol = peer('Carol')
    def dan = peer('Dan', process: true)

    sam.createRoom('#ops', 'Carol', 'Dan')
    eventually(10.s) { carol.joined('#ops') && dan.joined('#ops') }
    sam.send('#ops', 'stand-up in five')
    eventually(10.s) { dan.received('stand-up in five', from: 'Sam', room: '#ops') }

    dan.crash()
    (1..50).each { sam.send('#ops', "sam $it") }
    (1..50).each { carol.send('#ops', "carol $it") }
    eventually(10.s) { carol.receivedAll(from: 'Sam', room: '#ops') }

    dan.start()
    eventually(20.s) { dan.receivedAll(room: '#ops') }
    dan.messages(from: 'Sam', room: '#ops') == ['stand-up in five'] + (1..50).collect { "sam $it" }
    dan.messages(from: 'Carol', room: '#ops') == (1..50).collect { "carol $it" }

    check.noLoss().noDuplicates().inOrder().nothingAfterRemoval()
}
