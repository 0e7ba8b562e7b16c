// ops.test.groovy — bin/p2pchat test scripts/ops.test.groovy
bot 'ops.groovy', name: 'Ops'
startAt '2025-01-06T07:59:00Z'   // a Monday, a minute before 09:00 in Berlin

test('an admin deploys and anyone sees the status') {
    say 'Sam', '!deploy api'
    expectReply 'deploying api'
    say 'Dan', '!status'
    expectReply 'api by Sam'
}

test('a peer who is not an admin is refused, and on denied counts it') {
    say 'Dan', '!deploy api'
    expectReply 'you are not allowed to run !deploy'
    state.denied == 1
    state.deploys == null
}

test('rollback is Carol\'s alone') {
    say 'Sam', '!deploy web'; expectReply 'deploying web'
    say 'Sam', '!rollback web'; expectReply 'you are not allowed to run !rollback'
    say 'Carol', '!rollback web'; expectReply 'rolled back web'
    say 'Dan', '!status'; expectReply 'no deploys yet'
}

test('help lists what the asking peer may run; a near miss gets the closest command') {
    say 'Dan', '!help'
    expectReply ~/^commands:\n!status — the last five deploys\n!help — this list$/
    say 'Dan', '!stauts'
    expectReply ~/did you mean !status\?/
}

test('in a room the answers go to the room') {
    say 'Sam', '!deploy api', room: '#ops'
    expectReply 'deploying api'
    sent.last().to() == '#ops'
}

test('weekdays at 09:00 Berlin time it greets the admins it knows') {
    peer 'Sam'
    peer('Carol', status: 'away')
    say 'Sam', '!deploy api'; expectReply 'deploying api'
    advance 1.minute
    expectSent to: 'Sam', text: 'good morning: 1 deploy(s) so far'
    expectSent to: 'Carol', text: 'good morning: 1 deploy(s) so far'
    expectNothing()
    advance 24.hours
    expectSent to: 'Sam', text: ~/^good morning/
    expectSent to: 'Carol', text: ~/^good morning/
}

test('the weekend has no greeting') {
    peer 'Sam'
    advance 5.days          // Monday to Friday: five greetings to Sam
    5.times { expectSent to: 'Sam', text: ~/^good morning/ }
    advance 2.days          // Saturday and Sunday
    expectNothing()
}

test('the cron survives a restart and fires once for its slot') {
    peer 'Sam'
    restart()
    advance 1.minute
    expectSent to: 'Sam', text: 'good morning: 0 deploy(s) so far'
    expectNothing()
}

test('CI deploys through the webhook') {
    peer 'Sam'
    def r = webhook('/deploy', json: [service: 'api'])
    r.status == 202
    r.json == [ok: true, service: 'api']
    expectSent to: 'Sam', text: 'CI is deploying api'
    state.deploys == [[service: 'api', by: 'CI']]
}

test('the webhook refuses a body without a service, and saves nothing') {
    def r = webhook('/deploy', json: [name: 'api'])
    r.status == 400
    r.json.error == 'field service is missing'
    state.deploys == null
    expectNothing()
}
