// Fifty peers in a ring pass a token through their scripts.
//
// Fifty agents run in this JVM, each with the bot script scenarios/scripts/ring.groovy. P01
// hands the token to P02; every peer's script passes it on to the next one (P50 back to P01)
// until it has gone once around. No harness code moves the token: fifty scripts, fifty
// databases, fifty hops over real sockets.
scenario('50 peers pass a token once around a ring through their scripts') {
    registry(heartbeat: 1.s, lease: 3.s)
    def ring = (1..50).collect { peer(String.format('P%02d', it), script: 'scenarios/scripts/ring.groovy') }

    ring[0].send('P02', 'token 1/50')
    eventually(45.s) { ring[0].received('token 50/50', from: 'P50') }
    ring.findAll { it.messages().size() != 1 } == []       // each peer got the token exactly once
    check.noLoss().noDuplicates().inOrder()
}
