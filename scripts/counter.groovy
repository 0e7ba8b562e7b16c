// counter.groovy — counts messages per sender and in total; the counts live in the agent's
// database, so they go on from where they were after a restart. "reset" clears them.
// Run: bin/p2pchat agent --name Counter --script scripts/counter.groovy

on message { msg ->
    if (msg.text.trim() == 'reset') {
        state.clear()
        reply 'counts cleared'
        return
    }
    state.total = (state.total ?: 0) + 1
    def counts = state.bySender ?: [:]
    counts[msg.from] = (counts[msg.from] ?: 0) + 1
    state.bySender = counts
    reply "message ${counts[msg.from]} from you, ${state.total} in all"
}
