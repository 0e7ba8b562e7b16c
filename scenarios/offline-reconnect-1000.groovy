// Offline and reconnect with 1,000 messages — the outbox under load.
//
// Carol's agent crashes: no goodbye, the registry only notices when her lease runs out. While
// she is gone Sam queues 1,000 messages; each is durably in his outbox when send returns. When
// Carol starts again, all of them arrive by themselves, in the order Sam wrote them, exactly
// once. Everything runs in this JVM on real sockets and real SQLite files; the whole story
// should take well under 3 seconds.
scenario('1,000 messages queued while Carol is down arrive in order once she restarts') {
    registry()
    def sam = peer('Sam')
    def carol = peer('Carol')
    sam.send('Carol', 'before the crash')
    eventually(5.s) { carol.received('before the crash', from: 'Sam') }

    carol.crash()
    (1..1000).each { sam.send('Carol', "while away #$it") }

    carol.start()
    eventually(3.s) { carol.receivedAll(from: 'Sam') }
    carol.messages(from: 'Sam').size() == 1001
    check.noLoss().noDuplicates().inOrder()
}
