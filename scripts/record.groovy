// record.groovy — no reaction at all: the agent stores every message it receives and marks it
// handled, which is what scenarios check (see scenarios/). Logs each one at debug level.
// Run: bin/p2pchat agent --name Carol --script scripts/record.groovy

on message { msg -> log.debug "recorded {} #{} from {}", msg.id, msg.seq, msg.from }
