// Messages with a time-to-live: Carol is away while Sam writes three that are only worth
// reading within half a second. They expire in Sam's outbox and are never sent; what Sam writes
// without a TTL waits and arrives when she is back. The end of a scenario demands that no
// message expired, so a TTL story says how many it expects: expect.expired(3).
scenario('messages whose time-to-live runs out while Carol is away expire, the rest arrive') {
    registry()
    def sam = peer('Sam')
    def carol = peer('Carol')

    carol.stop()
    (1..3).each { sam.send('Carol', "stale soon #$it", ttl: 500.ms) }
    sam.send('Carol', 'worth keeping')
    eventually(10.s) { sam.history().count { it.status().name() == 'EXPIRED' } == 3 }
    carol.start()
    eventually(10.s) { carol.received('worth keeping', from: 'Sam') }
    carol.messages(from: 'Sam') == ['worth keeping']
    expect.expired(3)
}
