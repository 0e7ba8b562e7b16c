scenario('a condition that ends in a false variable') {
    registry()
    def ann = peer('Ann'); def bob = peer('Bob')
    ann.send('Bob', 'one')
    eventually(1.s) {
        def got = bob.messages(from: 'Ann').contains('two')
        got
    }
}
