// A scenario that expects the wrong thing: Sam says hello, the check waits for goodbye.
scenario('a wrong expectation fails and shows what Carol did receive') {
    registry()
    def sam = peer('Sam')
    def carol = peer('Carol')
    sam.send('Carol', 'hello')
    eventually(5.s) { carol.received('hello', from: 'Sam') }
    eventually(300.ms) { carol.received('goodbye', from: 'Sam') }
}
