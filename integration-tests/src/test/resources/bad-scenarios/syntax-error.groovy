// A scenario with a syntax error on line 5.
scenario('does not compile') {
    registry()
    def sam = peer('Sam')
    sam.send('Carol', 'hello'
    check.noLoss()
}
