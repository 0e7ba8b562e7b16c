// Ann's clock jumps 45 s ahead. Her lease renewals (a token, no time in them) still pass, so
// nothing changes until she needs a signed request: cut from the registry until her lease is
// over, she must send a signed heartbeat, and the registry refuses its timestamp (more than 30 s
// from its clock). Healed, she stays unreachable while her clock is wrong; put right, she is
// back by herself at once (her next timestamp is the right time, not one above those refused),
// and what was written meanwhile arrives, once and in order.
scenario('Ann\'s clock 45 s ahead: refused by the registry, back by herself when it is right') {
    registry()
    def ann = peer('Ann')
    def bob = peer('Bob')

    ann.send('Bob', 'before the jump')
    eventually(5.s) { bob.received('before the jump', from: 'Ann') }
    ann.clock(+45.s)
    partition(registry, 'Ann')
    eventually(10.s) { registry.status('Ann') == 'unreachable' }
    heal(registry, 'Ann')
    always(2.s) { registry.status('Ann') == 'unreachable' }   // her signed heartbeats are refused
    bob.send('Ann', 'while her clock is wrong')
    ann.send('Bob', 'from the future')
    ann.clock(0.s)
    eventually(5.s) { registry.status('Ann') == 'online' }
    eventually(10.s) { ann.received('while her clock is wrong', from: 'Bob') }
    eventually(10.s) { bob.received('from the future', from: 'Ann') }
}
