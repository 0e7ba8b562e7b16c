// relay.groovy — forwards every message to a target peer as "Sam says: hello" (with the original
// sender and text as data). The target is set by a message "relay to Carol" and kept in state
// across restarts; until then messages are answered with how to set it.
// Run: bin/p2pchat agent --name Relay --script scripts/relay.groovy

hear(~/^relay to ([A-Za-z0-9_.-]{1,64})$/) { msg, m ->
    state.target = m[1]
    reply "relaying to ${m[1]}"
}

on message { msg ->
    if (msg.text ==~ /^relay to .*/) return
    if (state.target == null) {
        reply 'no target yet; send: relay to NAME'
    } else if (msg.from != state.target) {
        send state.target, "${msg.from} says: ${msg.text}", [from: msg.from, text: msg.text]
        state.relayed = (state.relayed ?: 0) + 1
    }
}
