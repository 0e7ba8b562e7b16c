// counter.test.groovy — bin/p2pchat test scripts/counter.test.groovy
bot 'counter.groovy'

test('counts per sender and in total') {
    say 'Sam', 'a'
    expectReply 'message 1 from you, 1 in all'
    say 'Carol', 'b'
    expectReply 'message 1 from you, 2 in all'
    say 'Sam', 'c'
    expectReply 'message 2 from you, 3 in all'
    state.bySender == [Sam: 2, Carol: 1]
}

test('the counts survive a restart') {
    say 'Sam', 'count'; expectReply 'message 1 from you, 1 in all'
    restart()
    say 'Sam', 'count'; expectReply 'message 2 from you, 2 in all'
}

test('reset clears them') {
    say 'Sam', 'a'; expectReply ~/^message 1/
    say 'Sam', 'reset'; expectReply 'counts cleared'
    state.isEmpty()
    say 'Sam', 'a'; expectReply 'message 1 from you, 1 in all'
}
