package p2pchat.agent.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import p2pchat.agent.AgentEvent;
import p2pchat.agent.Message;
import p2pchat.agent.MessageRows;
import p2pchat.agent.PeerInfo;

class DslWordsTest extends CoreFixture {

  @Test
  void onMessageSeesTheMessageAndReplyAnswersItsSender() {
    ScriptHost host =
        Scripts.load(
            dir,
            "echo.groovy",
            """
        on message { msg -> reply "echo: ${msg.text} (from ${msg.from} to ${msg.to}, offline ${msg.offline})" }
        """);

    core.hear(host, "Sam:hello");

    assertThat(sentTexts()).containsExactly("Sam:echo: hello (from Sam to Bot, offline false)");
  }

  @Test
  void hearRunsOnlyForMatchingMessagesWithTheMatchGroups() {
    ScriptHost host =
        Scripts.load(
            dir,
            "hear.groovy",
            """
        hear(~/(?i)remind me in (\\d+) min(?:utes?)? to (.+)$/) { msg, m ->
            reply "${m.size()}|${m[0]}|${m[1]}|${m[2]}"
        }
        hear(~/ping( now)?/) { msg, m -> reply "pong ${m[1]}" }
        """);

    core.hear(
        host, "Sam:Remind me in 5 minutes to stretch", "Sam:ping", "Sam:nothing to hear here");

    assertThat(sentTexts())
        .containsExactly("Sam:3|Remind me in 5 minutes to stretch|5|stretch", "Sam:pong null");
  }

  @Test
  void stateCountsAcrossMessagesAndSurvivesARestart() {
    String source =
        """
        on message { msg ->
            state.count = (state.count ?: 0) + 1
            state.names = (state.names ?: []) + msg.from
            reply "count ${state.count}"
        }
        """;
    ScriptHost first = Scripts.load(dir, "counter.groovy", source);
    core.hear(first, "Sam:a", "Carol:b");

    ScriptHost afterRestart = ScriptHost.load(dir.resolve("counter.groovy"), "Bot", null);
    core.hear(afterRestart, "Sam:c");

    assertThat(sentTexts()).containsExactly("Sam:count 1", "Carol:count 2", "Sam:count 3");
    assertThat(core.state)
        .containsEntry("count", "3")
        .containsEntry("names", "[\"Sam\",\"Carol\",\"Sam\"]");
  }

  @Test
  void stateChangedInPlaceIsWrittenBackAndClearRemovesEverything() {
    ScriptHost host =
        Scripts.load(
            dir,
            "list.groovy",
            """
        hear(~/^add (.+)/) { msg, m ->
            if (state.items == null) state.items = []
            state.items << m[1]
            state.settings = [loud: true]
            state.settings.level = 2
        }
        hear(~/^clear/) { msg, m -> state.clear() }
        hear(~/^show/) { msg, m -> reply "${state.items} ${state.size()} ${state.containsKey('items')}" }
        """);

    core.hear(host, "Sam:add milk", "Sam:add eggs", "Sam:show");
    assertThat(core.state)
        .containsEntry("items", "[\"milk\",\"eggs\"]")
        .containsEntry("settings", "{\"loud\":true,\"level\":2}");

    core.hear(host, "Sam:clear", "Sam:show");
    assertThat(core.state).isEmpty();
    assertThat(sentTexts()).containsExactly("Sam:[milk, eggs] 2 true", "Sam:null 0 false");
  }

  @Test
  void sendTakesDataAndATimeToLive() {
    ScriptHost host =
        Scripts.load(
            dir,
            "send.groovy",
            """
        on message { msg ->
            send 'Carol', 'plain'
            send 'Carol', 'with data', [n: 1, tags: ['a']]
            send 'Carol', 'short-lived', ttl: 30.seconds
            send 'Dave', 'both', [k: msg.data.k], ttl: 2.minutes
            reply 'ok', ttl: (msg.data.n as int).hours
        }
        """);

    core.deliver(host, core.incoming("Sam", "go", "{\"k\":\"v\",\"n\":3}"));

    assertThat(core.sent)
        .containsExactly(
            new MemoryCore.Sent("Carol", "plain", null, null),
            new MemoryCore.Sent("Carol", "with data", "{\"n\":1,\"tags\":[\"a\"]}", null),
            new MemoryCore.Sent("Carol", "short-lived", null, Duration.ofSeconds(30)),
            new MemoryCore.Sent("Dave", "both", "{\"k\":\"v\"}", Duration.ofMinutes(2)),
            new MemoryCore.Sent("Sam", "ok", null, Duration.ofHours(3)));
  }

  @Test
  void aFailedHandlerCommitsNothingAndTheNextMessageIsHandled() {
    ScriptHost host =
        Scripts.load(
            dir,
            "poison.groovy",
            """
        on message { msg ->
            send 'Carol', "forward ${msg.text}"
            state.last = msg.text
            if (msg.text == 'poison') throw new IllegalStateException('cannot digest')
        }
        on error { e, msg -> state.errors = (state.errors ?: 0) + 1 }
        """);

    core.hear(host, "Sam:poison", "Sam:bread");

    assertThat(sentTexts()).containsExactly("Carol:forward bread");
    assertThat(core.state).containsEntry("last", "\"bread\"").containsEntry("errors", "1");
  }

  @Test
  void peersListsEveryoneWithStatusAndBroadcastReachesThoseOnline() {
    core.peers.add(new PeerInfo("Bot", "online", "127.0.0.1", 1, 1L));
    core.peers.add(new PeerInfo("Carol", "online", "127.0.0.1", 2, 1L));
    core.peers.add(new PeerInfo("Dave", "away", "127.0.0.1", 3, 1L));
    core.peers.add(new PeerInfo("Erin", "online", "127.0.0.1", 4, 1L));
    ScriptHost host =
        Scripts.load(
            dir,
            "who.groovy",
            """
        on message { msg ->
            reply peers.collect { "${it.name}=${it.status}" }.join(',')
            reply "online: ${peers.online}, me: ${me}, Dave online: ${peers['Dave'].online}"
            broadcast 'hello all'
        }
        """);

    core.hear(host, "Sam:who");

    assertThat(sentTexts())
        .containsExactly(
            "Sam:Bot=online,Carol=online,Dave=away,Erin=online",
            "Sam:online: [Carol, Erin], me: Bot, Dave online: false",
            "Carol:hello all",
            "Erin:hello all");
  }

  @Test
  void eventsReachTheirHandlers() {
    ScriptHost host =
        Scripts.load(
            dir,
            "events.groovy",
            """
        on start { send 'Log', "start ${me}" }
        on online { peer -> send 'Log', "online ${peer} ${peer.status}" }
        on offline { peer -> send 'Log', "offline ${peer.name} ${peer.status}" }
        on delivered { msg -> send 'Log', "delivered ${msg.text}" }
        on expired { msg -> send 'Log', "expired ${msg.text} to ${msg.to}" }
        on stop { send 'Log', 'stop'; stop() }
        """);
    Message out = MessageRows.sent("m1", "Bot", "Carol", 1, "hi", Message.Status.DELIVERED, 0);

    core.start(host);
    core.event(host, new AgentEvent.PeerOnline("Carol"));
    core.event(host, new AgentEvent.PeerOffline("Carol", "unreachable"));
    core.event(host, new AgentEvent.Delivered(out));
    core.event(host, new AgentEvent.Expired(out.withStatus(Message.Status.EXPIRED)));
    core.stop(host);

    assertThat(sentTexts())
        .containsExactly(
            "Log:start Bot",
            "Log:online Carol online",
            "Log:offline Carol unreachable",
            "Log:delivered hi",
            "Log:expired hi to Carol",
            "Log:stop");
    assertThat(core.stopRequested).isTrue();
  }

  @Test
  void messageDataIsParsedJson() {
    ScriptHost host =
        Scripts.load(
            dir,
            "data.groovy",
            """
        on message { msg -> reply "${msg.data.items.size()} ${msg.data.items[1].name} ${msg.data == null}" }
        """);

    core.deliver(
        host, core.incoming("Sam", "x", "{\"items\":[{\"name\":\"a\"},{\"name\":\"b\"}]}"));

    assertThat(sentTexts()).containsExactly("Sam:2 b false");
  }
}
