// record.test.groovy — bin/p2pchat test scripts/record.test.groovy
bot 'record.groovy'

test('stores what arrives and answers nothing') {
    say 'Sam', 'hello'
    say 'Sam', 'hello again', room: '#ops'
    expectNothing()
    state.isEmpty()
}
