// ping-pong.groovy — two agents bounce a counter back and forth N times, then both stop.
// Run two agents with it:
//   bin/p2pchat agent --name Ping --script scripts/ping-pong.groovy
//   bin/p2pchat agent --name Pong --script scripts/ping-pong.groovy
// then serve from anyone to one of them: send Ping the text "serve Pong 10".
// Ping sends "ball 1/10" to Pong, Pong answers "ball 2/10", ... The agent that receives
// "ball 10/10" answers "game over" and stops once that is delivered; the other stops on reading it.

hear(~/^serve (\S+) (\d+)$/) { msg, m ->
    state.hits = 0
    send m[1], "ball 1/${m[2]}"
}

hear(~/^ball (\d+)\/(\d+)$/) { msg, m ->
    int n = m[1] as int
    int total = m[2] as int
    state.hits = (state.hits ?: 0) + 1
    if (n >= total) {
        reply 'game over'
    } else {
        reply "ball ${n + 1}/${total}"
    }
}

hear(~/^game over$/) { msg, m -> stop() }

on delivered { msg ->
    if (msg.text == 'game over') stop()
}
