// standup.groovy — a stand-up bot for a team room. Someone sends it "standup Carol Dan": it makes
// the room #standup with those members (or invites the new ones), asks the room for answers, and
// collects each member's first answer in state. "summary" in the room posts who answered what.
// Run: bin/p2pchat agent --name Standup --script scripts/standup.groovy

on message { msg ->
    def words = msg.text.trim().split(/\s+/) as List
    if (msg.room == null && words[0] == 'standup') {
        def team = words.drop(1)
        if (rooms.joined.contains('#standup')) {
            def room = rooms['#standup']
            team.findAll { !room.members.contains(it) }.each { room.invite(it) }
        } else {
            rooms.create('#standup', team)
        }
        state.answers = [:]
        send '#standup', 'Stand-up: what did you do, what will you do, anything blocking?'
        reply "stand-up started in #standup with ${team.join(', ')}"
    } else if (msg.room == '#standup' && msg.text.trim() == 'summary') {
        def answers = state.answers ?: [:]
        reply(answers ? answers.collect { who, what -> "${who}: ${what}" }.join('; ') : 'no answers yet')
    } else if (msg.room == '#standup') {
        def answers = state.answers ?: [:]
        if (!answers.containsKey(msg.from)) {
            answers[msg.from] = msg.text
            state.answers = answers
        }
    }
}

on joined { room -> log.info("in ${room} now") }
on left { room -> log.info("out of ${room}") }
