// faq.groovy — a keyword bot: answers questions that mention a known topic, "help" lists the
// topics, anything else gets a hint. Counts questions per topic in state.
// Run: bin/p2pchat agent --name Faq --script scripts/faq.groovy

answers = [
    hours  : 'We are open 9:00-17:00, Monday to Friday.',
    price  : 'The basic plan is free; pro is 5 EUR a month.',
    offline: 'Messages to offline peers wait in the outbox and go out when both are online.',
    contact: 'Write to the Support agent.',
]

on message { msg ->
    def text = msg.text.toLowerCase()
    if (text.trim() == 'help') {
        reply "ask me about: ${answers.keySet().join(', ')}"
        return
    }
    def topic = answers.keySet().find { text.contains(it) }
    if (topic) {
        def asked = state.asked ?: [:]
        asked[topic] = (asked[topic] ?: 0) + 1
        state.asked = asked
        reply answers[topic]
    } else {
        reply "I don't know about that; ask me about: ${answers.keySet().join(', ')}"
    }
}
