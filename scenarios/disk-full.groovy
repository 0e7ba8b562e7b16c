// Bob's disk fills up while Sam writes to him: Bob's agent cannot store what arrives, so each
// batch is refused and stays in Sam's outbox; Bob's own sends fail with a clear error. When
// there is room again, everything Sam wrote arrives by itself, once and in order.
scenario('Bob\'s disk is full for a while: nothing accepted is lost, delivery resumes') {
    registry()
    def sam = peer('Sam')
    def bob = peer('Bob')

    sam.send('Bob', 'before')
    eventually(5.s) { bob.received('before', from: 'Sam') }
    bob.diskFull()
    (1..200).each { sam.send('Bob', "while full $it ${'x' * 500}") }
    always(1.s) { bob.messages(from: 'Sam').size() < 201 }   // not all of it fits while full
    bob.diskOk()
    eventually(20.s) { bob.receivedAll(from: 'Sam') }
}
