// reminder.groovy — "remind me in 5 minutes to stretch" answers "ok" and, 5 minutes later,
// sends "reminder: stretch". Reminders are persisted timers: they fire after a restart, once.
// Run: bin/p2pchat agent --name Reminder --script scripts/reminder.groovy

hear(~/(?i)^remind me in (\d+) (sec|second|min|minute|hour)s? to (.+)$/) { msg, m ->
    def unit = [sec: SECONDS, second: SECONDS, min: MINUTES, minute: MINUTES, hour: HOURS][m[2].toLowerCase()]
    after(m[1] as int, unit) { send msg.from, "reminder: ${m[3]}" }
    state.set = (state.set ?: 0) + 1
    reply "ok, in ${m[1]} ${m[2]}${m[1] == '1' ? '' : 's'}: ${m[3]}"
}

hear(~/(?i)^help$/) { msg, m -> reply 'say: remind me in 5 minutes to stretch' }
