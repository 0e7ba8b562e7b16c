// standup.test.groovy — bin/p2pchat test scripts/standup.test.groovy
bot 'standup.groovy', name: 'Standup'

test('starts a stand-up in a room of the team') {
    peer 'Carol'
    peer 'Dan'
    say 'Sam', 'standup Carol Dan'
    expectSent to: '#standup', text: ~/^Stand-up: what did you do/
    expectReply 'stand-up started in #standup with Carol, Dan'
    rooms == ['#standup']
}

test('collects the first answer of each member and sums them up in the room') {
    peer 'Carol'
    peer 'Dan'
    say 'Sam', 'standup Carol Dan'
    expectSent to: '#standup', text: ~/^Stand-up/
    expectReply ~/^stand-up started/
    say 'Carol', 'fixed the build', room: '#standup'
    say 'Carol', 'and lunch', room: '#standup'
    say 'Dan', 'reviews', room: '#standup'
    expectNothing()
    say 'Dan', 'summary', room: '#standup'
    expectReply 'Carol: fixed the build; Dan: reviews'
}

test('a second stand-up invites the new members only') {
    peer 'Carol'
    peer 'Dan'
    peer 'Eve'
    say 'Sam', 'standup Carol'
    expectSent to: '#standup', text: ~/^Stand-up/
    expectReply ~/with Carol$/
    say 'Sam', 'standup Carol Eve'
    expectSent to: '#standup', text: ~/^Stand-up/
    expectReply ~/with Carol, Eve$/
}

test('a member the registry does not know fails the handler') {
    say 'Sam', 'standup Zed'
    expectError ~/unknown peer Zed/
    expectNothing()
}
