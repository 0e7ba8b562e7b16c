scenario('a bare check that is false') {
    registry()
    def ann = peer('Ann'); def bob = peer('Bob')
    ann.send('Bob', 'one')
    bob.received('never sent', from: 'Ann')     // a history query on its own line is a check
}
