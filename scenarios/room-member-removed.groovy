// A member removed mid-conversation: Sam owns #ops with Carol and Dan. While they talk, Sam
// removes Dan. Dan gets every message sent before the others knew of the removal, and nothing
// sent after; his agent no longer takes #ops messages, and he cannot send to it.
scenario('#ops: a removed member gets nothing sent after the removal was known') {
    registry()
    def sam = peer('Sam')
    def carol = peer('Carol')
    def dan = peer('Dan')

    sam.createRoom('#ops', 'Carol', 'Dan')
    eventually(10.s) { carol.joined('#ops') && dan.joined('#ops') }
    (1..20).each { sam.send('#ops', "before $it") }
    carol.send('#ops', 'carol before')
    eventually(10.s) { dan.receivedAll(room: '#ops') }

    sam.removeMember('#ops', 'Dan')
    eventually(10.s) { carol.members('#ops') == ['Sam', 'Carol'] }   // Carol knows Dan is out
    (1..20).each { sam.send('#ops', "after $it") }
    eventually(10.s) { carol.received('after 20', from: 'Sam', room: '#ops') }
    carol.send('#ops', 'carol after')
    eventually(10.s) { sam.received('carol after', from: 'Carol', room: '#ops') }

    dan.messages(from: 'Sam', room: '#ops') == (1..20).collect { "before $it" }
    dan.messages(from: 'Carol', room: '#ops') == ['carol before']
    check.noLoss().noDuplicates().inOrder().nothingAfterRemoval()
}
