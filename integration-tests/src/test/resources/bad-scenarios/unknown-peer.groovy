// A scenario that sends to a peer it never declared.
scenario('unknown peer') {
    registry()
    def sam = peer('Sam')
    def carol = peer('Carol')
    sam.send('Carl', 'hello')
}
