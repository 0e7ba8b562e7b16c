// The registry freezes, then is cut away from one peer; the peers keep talking throughout.
//
// registry.pause() holds every byte between the peers and the registry (as if it were
// SIGSTOPped): it stops hearing heartbeats, so it soon says everyone is unreachable, yet Ann
// and Bob keep delivering on the addresses they know. partition(registry, 'Ann') then cuts only
// Ann away: the registry loses her, Bob stays online, and the two still talk.
scenario('a paused registry and a peer cut away from it do not stop the conversation') {
    registry()
    def ann = peer('Ann')
    def bob = peer('Bob')
    ann.send('Bob', 'hello')
    eventually(5.s) { bob.received('hello', from: 'Ann') }

    registry.pause()
    eventually(5.s) { registry.status('Ann') == 'unreachable' }   // it really hears nothing
    (1..10).each { ann.send('Bob', "while frozen #$it"); bob.send('Ann', "reply #$it") }
    eventually(5.s) { bob.receivedAll(from: 'Ann') && ann.receivedAll(from: 'Bob') }
    registry.resume()
    eventually(5.s) { registry.status('Ann') == 'online' && registry.status('Bob') == 'online' }

    partition(registry, 'Ann')
    eventually(5.s) { registry.status('Ann') == 'unreachable' }
    registry.status('Bob') == 'online'
    (1..10).each { ann.send('Bob', "cut off #$it") }
    eventually(5.s) { bob.receivedAll(from: 'Ann') }
    heal(registry, 'Ann')
    eventually(5.s) { registry.status('Ann') == 'online' }
}
