// Each kind of trouble a link can have, one after the other, between Ann and Bob while both
// write: a one-way partition (Ann's bytes do not reach Bob, Bob's reach Ann), a bandwidth cap,
// a slicer that cuts every frame into 3-byte writes, and a connection reset in the middle of a
// frame. Each is healed in turn; every message arrives once, in each sender's order.
scenario('one-way partition, bandwidth cap, slicer and a reset mid-frame lose nothing') {
    registry()
    def ann = peer('Ann')
    def bob = peer('Bob')

    partition('Ann', 'Bob', oneWay: true)
    (1..20).each { ann.send('Bob', "one way $it") }
    (1..20).each { bob.send('Ann', "the other way $it") }
    always(1.s) { bob.messages(from: 'Ann').isEmpty() }          // Ann's bytes are held back
    heal()
    eventually(10.s) { bob.receivedAll(from: 'Ann') && ann.receivedAll(from: 'Bob') }

    link('Ann', 'Bob').bandwidth(16.kb)
    (1..20).each { ann.send('Bob', "capped $it ${'x' * 1000}") }
    eventually(10.s) { bob.receivedAll(from: 'Ann') }
    heal()

    link('Ann', 'Bob').slicer(bytes: 3)
    (1..20).each { bob.send('Ann', "sliced $it") }
    eventually(10.s) { ann.receivedAll(from: 'Bob') }
    heal()

    link('Ann', 'Bob').resetMidFrame()
    (1..20).each { ann.send('Bob', "reset $it") }
    eventually(10.s) { bob.receivedAll(from: 'Ann') }
}
