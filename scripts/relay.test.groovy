// relay.test.groovy — bin/p2pchat test scripts/relay.test.groovy
bot 'relay.groovy'

test('without a target it says how to set one') {
    say 'Sam', 'hello'
    expectReply 'no target yet; send: relay to NAME'
}

test('forwards to the target, with the original as data') {
    say 'Carol', 'relay to Carol'
    expectReply 'relaying to Carol'
    say 'Sam', 'hello'
    def forwarded = expectSent to: 'Carol', text: 'Sam says: hello'
    forwarded.data() == '{"from":"Sam","text":"hello"}'
    expectNothing()
    state.relayed == 1
}

test('the target is kept across a restart, and its own messages are not sent back') {
    say 'Carol', 'relay to Carol'; expectReply 'relaying to Carol'
    restart()
    say 'Carol', 'hi all'
    expectNothing()
    say 'Dan', 'hi Carol'
    expectSent to: 'Carol', text: 'Dan says: hi Carol'
}
