// faq.test.groovy — bin/p2pchat test scripts/faq.test.groovy
bot 'faq.groovy'

test('answers a question about a known topic and counts it') {
    say 'Sam', 'What are your HOURS?'
    expectReply 'We are open 9:00-17:00, Monday to Friday.'
    say 'Carol', 'and the price?'
    expectReply ~/^The basic plan is free/
    say 'Sam', 'hours again'
    expectReply ~/^We are open/
    state.asked == [hours: 2, price: 1]
}

test('help lists the topics') {
    say 'Sam', 'help'
    expectReply 'ask me about: hours, price, offline, contact'
}

test('anything else gets a hint') {
    say 'Sam', 'what is the weather like?'
    expectReply ~/^I don't know about that; ask me about: hours/
    state.asked == null
}
