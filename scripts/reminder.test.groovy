// reminder.test.groovy — bin/p2pchat test scripts/reminder.test.groovy
bot 'reminder.groovy'

test('reminds after five minutes') {
    say 'Sam', 'remind me in 5 minutes to stretch'
    expectReply ~/^ok/
    advance 4.minutes
    expectNothing()
    advance 1.minute
    expectSent to: 'Sam', text: 'reminder: stretch'
    expectNothing()
}

test('a reminder survives a restart and fires once') {
    say 'Sam', 'remind me in 1 hour to call Carol'
    expectReply 'ok, in 1 hour: call Carol'
    restart()
    advance 2.hours
    expectSent to: 'Sam', text: 'reminder: call Carol'
    expectNothing()
    state.set == 1
}

test('help says how to ask') {
    say 'Dan', 'help'
    expectReply 'say: remind me in 5 minutes to stretch'
}
