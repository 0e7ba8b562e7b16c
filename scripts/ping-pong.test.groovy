// ping-pong.test.groovy — bin/p2pchat test scripts/ping-pong.test.groovy
bot 'ping-pong.groovy', name: 'Ping'

test('serving sends the first ball') {
    say 'Sam', 'serve Pong 3'
    expectSent to: 'Pong', text: 'ball 1/3'
    expectNothing()
}

test('a ball is returned with the next number') {
    say 'Pong', 'ball 2/10'
    expectReply 'ball 3/10'
    state.hits == 1
}

test('the last ball ends the game, and the bot stops once that is delivered') {
    say 'Pong', 'ball 3/3'
    expectReply 'game over'
    !stopped
    delivered(to: 'Pong')
    stopped
}

test('game over from the other side stops the bot') {
    say 'Pong', 'game over'
    stopped
    restart()
    !stopped
}
