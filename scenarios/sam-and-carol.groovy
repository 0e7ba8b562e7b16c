// Sam and Carol — the story from the prototype's README, told with p2pchat.
//
// Sam and Carol each run an agent on this machine; the registry tells them where the other
// one is. Sam says hello and Carol answers. Then Carol closes her laptop: a graceful stop, so
// the registry marks her "away". Sam keeps writing; his agent keeps the messages in its
// outbox. When Carol comes back, the messages she missed arrive by themselves, before anything
// newer and in the order Sam wrote them (her chat shows them under "Offline message from Sam"),
// and nothing is lost or doubled.
scenario('Sam and Carol: messages written while Carol is away arrive when she is back, in order') {
    registry()
    def sam = peer('Sam')
    def carol = peer('Carol')

    sam.send('Carol', 'Hi Carol, are you there?')
    eventually(5.s) { carol.received('Hi Carol, are you there?', from: 'Sam') }
    carol.send('Sam', 'Yes! What is up?')
    eventually(5.s) { sam.received('Yes! What is up?', from: 'Carol') }

    carol.stop()                                          // graceful: the registry hears "away"
    eventually(5.s) { registry.status('Carol') == 'away' }
    sam.send('Carol', 'Lunch at noon?')
    sam.send('Carol', 'I booked the usual place.')
    sam.send('Carol', 'Call me when you see this.')

    carol.start()
    eventually(5.s) { carol.receivedAll(from: 'Sam') }
    carol.messages(from: 'Sam') == ['Hi Carol, are you there?', 'Lunch at noon?', 'I booked the usual place.', 'Call me when you see this.']
    carol.send('Sam', 'On my way!')
    eventually(5.s) { sam.received('On my way!', from: 'Carol') }

    check.noLoss().noDuplicates().inOrder()
}
