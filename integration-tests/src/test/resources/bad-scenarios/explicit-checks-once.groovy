// The checkers written at the end are not run a second time by default.
scenario('explicit checkers run once') {
    registry()
    def sam = peer('Sam'); def carol = peer('Carol')
    sam.send('Carol', 'hi')
    eventually(5.s) { carol.received('hi', from: 'Sam') }
    check.noLoss().noDuplicates().inOrder()
}
