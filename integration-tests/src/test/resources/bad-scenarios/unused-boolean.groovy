scenario('a boolean nobody used') {
    registry()
    def ann = peer('Ann'); def bob = peer('Bob')
    ann.send('Bob', 'one')
    eventually(5.s) { bob.received('one', from: 'Ann') }
    bob.messages(from: 'Ann').contains('two')   // false: never dropped silently
}
