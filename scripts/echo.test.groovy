// echo.test.groovy — bin/p2pchat test scripts/echo.test.groovy
bot 'echo.groovy'

test('answers with the same text') {
    say 'Sam', 'hello'
    expectReply 'echo: hello'
    expectNothing()
}

test('answers each sender') {
    say 'Sam', 'one'
    say 'Carol', 'two'
    expectSent to: 'Sam', text: 'echo: one'
    expectSent to: 'Carol', text: ~/^echo: t/
}

test('answers in the room a message came from') {
    say 'Sam', 'standup?', room: '#ops'
    expectReply 'echo: standup?'
    sent.last().to == '#ops'
}
