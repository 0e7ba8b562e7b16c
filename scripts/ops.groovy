// ops.groovy — an ops bot: commands with a generated help, permissions, a weekday cron and a
// webhook a CI pipeline calls. "!deploy NAME" (admins only) records a deploy; "!status" lists the
// last deploys; "!rollback NAME" is Carol's alone; "!help" lists what the asking peer may run; a
// near miss ("!stauts") gets the closest command. In a room the answers go to the room.
// Weekdays at 09:00 (Europe/Berlin) it tells each admin how many deploys there were.
// POST /deploy {"service": "api"} with the agent's HTTP token records a deploy by CI and tells
// the admins; it answers 202 {"ok": true, "service": "api"} once that is saved.
// Run: bin/p2pchat agent --name Ops --script scripts/ops.groovy --http 8080

commandPrefix '!'
unknownCommand 'suggest'
admins 'Sam', 'Carol'

command('deploy', 'deploy NAME — ship a service', allow: admins) { msg, args ->
    if (args.isEmpty()) {
        reply 'usage: !deploy NAME'
        return
    }
    state.deploys = (state.deploys ?: []) + [[service: args[0], by: msg.from]]
    reply "deploying ${args[0]}"
}

command('status', 'the last five deploys') { msg, args ->
    def deploys = state.deploys ?: []
    reply(deploys ? deploys.takeRight(5).collect { "${it.service} by ${it.by}" }.join(', ') : 'no deploys yet')
}

command('rollback', 'rollback NAME — undo the last deploy of a service', allow: ['Carol']) { msg, args ->
    def deploys = state.deploys ?: []
    def last = deploys.findLastIndexOf { it.service == args[0] }
    if (last < 0) {
        reply "no deploy of ${args[0]} to roll back"
        return
    }
    state.deploys = deploys.withIndex().findAll { d, i -> i != last }.collect { d, i -> d }
    reply "rolled back ${args[0]}"
}

on denied { msg, command ->
    log.warn "{} may not run {}", msg.from, command
    state.denied = (state.denied ?: 0) + 1
}

cron('0 9 * * MON-FRI', zone: 'Europe/Berlin') {
    def count = (state.deploys ?: []).size()
    admins.findAll { peers[it] }.each { send it, "good morning: ${count} deploy(s) so far" }
}

webhook('/deploy') { req ->
    def service = req.json?.service
    if (!service) {
        return [status: 400, body: [error: 'field service is missing']]
    }
    state.deploys = (state.deploys ?: []) + [[service: service, by: 'CI']]
    admins.findAll { peers[it] }.each { send it, "CI is deploying ${service}" }
    [status: 202, body: [ok: true, service: service]]
}
