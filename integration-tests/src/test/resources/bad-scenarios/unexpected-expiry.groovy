// Two messages expire, and the story does not say it expects that: the end of it fails.
scenario('an expiry nobody expected fails the scenario') {
    registry()
    def sam = peer('Sam'); def carol = peer('Carol', start: false)
    (1..2).each { sam.send('Carol', "stale #$it", ttl: 200.ms) }
    eventually(10.s) { sam.history().count { it.status().name() == 'EXPIRED' } == 2 }
}
