package p2pchat.agent.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import p2pchat.agent.AgentEvent;
import p2pchat.agent.Message;

/**
 * Each script in scripts/ does what its header comment says, driven through the Behavior seam with
 * the in-memory core (tests with real agents live with the agent's end-to-end suite).
 */
class ScriptLibraryTest {

  private static final Path SCRIPTS = Path.of("..", "scripts");

  private static ScriptHost load(String name, String agent) {
    return ScriptHost.load(SCRIPTS.resolve(name), agent, null);
  }

  @Test
  void echoAnswersWithTheSameText() {
    MemoryCore core = new MemoryCore("Echo");
    ScriptHost echo = load("echo.groovy", "Echo");

    core.hear(echo, "Sam:hello there");

    assertThat(core.sentTexts()).containsExactly("Sam:echo: hello there");
  }

  @Test
  void pingPongBouncesTheBallNTimesThenBothStop() {
    MemoryCore ping = new MemoryCore("Ping");
    MemoryCore pong = new MemoryCore("Pong");
    ScriptHost pingScript = load("ping-pong.groovy", "Ping");
    ScriptHost pongScript = load("ping-pong.groovy", "Pong");

    ping.deliver(pingScript, ping.incoming("Ref", "serve Pong 5"));
    int pingRead = 0;
    int pongRead = 0;
    for (int round = 0; round < 20 && !(ping.stopRequested && pong.stopRequested); round++) {
      pingRead = carry(ping, pingScript, pong, pongScript, pingRead);
      pongRead = carry(pong, pongScript, ping, pingScript, pongRead);
    }

    assertThat(ping.sentTexts()).containsExactly("Pong:ball 1/5", "Pong:ball 3/5", "Pong:ball 5/5");
    assertThat(pong.sentTexts())
        .containsExactly("Ping:ball 2/5", "Ping:ball 4/5", "Ping:game over");
    assertThat(ping.state.get("hits")).isEqualTo("2");
    assertThat(pong.state.get("hits")).isEqualTo("3");
    assertThat(ping.stopRequested).isTrue();
    assertThat(pong.stopRequested).isTrue();
  }

  /**
   * Delivers what {@code from} sent since {@code already} to {@code to}, and tells {@code from} it
   * was delivered.
   */
  private static int carry(
      MemoryCore from, ScriptHost fromScript, MemoryCore to, ScriptHost toScript, int already) {
    List<MemoryCore.Sent> batch = List.copyOf(from.sent.subList(already, from.sent.size()));
    for (MemoryCore.Sent s : batch) {
      if (!s.to().equals(to.me)) {
        continue;
      }
      Message m = to.incoming(from.me, s.text(), s.data());
      to.deliver(toScript, m);
      from.event(
          fromScript,
          new AgentEvent.Delivered(
              new Message(
                  m.id(),
                  from.me,
                  to.me,
                  Message.Direction.OUT,
                  m.seq(),
                  m.text(),
                  m.data(),
                  Message.Status.DELIVERED,
                  m.sentAt(),
                  null,
                  false,
                  null)));
    }
    return already + batch.size();
  }

  @Test
  void reminderAnswersOkAndRemindsOnceEvenAcrossARestart() {
    MemoryCore core = new MemoryCore("Reminder");
    core.deliver(
        load("reminder.groovy", "Reminder"),
        core.incoming("Sam", "Remind me in 2 minutes to stretch"));
    core.deliver(
        load("reminder.groovy", "Reminder"),
        core.incoming("Sam", "remind me in 1 hour to go home"));

    ScriptHost restarted = load("reminder.groovy", "Reminder");
    core.start(restarted);
    core.advance(restarted, Duration.ofMinutes(3));
    core.advance(restarted, Duration.ofHours(2));

    assertThat(core.sentTexts())
        .containsExactly(
            "Sam:ok, in 2 minutes: stretch",
            "Sam:ok, in 1 hour: go home",
            "Sam:reminder: stretch",
            "Sam:reminder: go home");
    assertThat(core.jobs).isEmpty();
  }

  @Test
  void relayForwardsToTheTargetItWasGiven() {
    MemoryCore core = new MemoryCore("Relay");
    ScriptHost relay = load("relay.groovy", "Relay");

    core.hear(relay, "Sam:hello?", "Sam:relay to Carol");
    core.deliver(load("relay.groovy", "Relay"), core.incoming("Sam", "hello Carol"));
    core.hear(relay, "Carol:not relayed back");

    assertThat(core.sentTexts())
        .containsExactly(
            "Sam:no target yet; send: relay to NAME",
            "Sam:relaying to Carol",
            "Carol:Sam says: hello Carol");
    assertThat(core.sent.get(2).data()).isEqualTo("{\"from\":\"Sam\",\"text\":\"hello Carol\"}");
  }

  @Test
  void faqAnswersKnownTopicsAndListsThemOnHelp() {
    MemoryCore core = new MemoryCore("Faq");
    ScriptHost faq = load("faq.groovy", "Faq");

    core.hear(
        faq,
        "Sam:What are your HOURS?",
        "Sam:help",
        "Sam:tell me a joke",
        "Sam:opening hours again");

    assertThat(core.sentTexts())
        .containsExactly(
            "Sam:We are open 9:00-17:00, Monday to Friday.",
            "Sam:ask me about: hours, price, offline, contact",
            "Sam:I don't know about that; ask me about: hours, price, offline, contact",
            "Sam:We are open 9:00-17:00, Monday to Friday.");
    assertThat(core.state).containsEntry("asked", "{\"hours\":2}");
  }

  @Test
  void counterGoesOnAfterARestartAndResets() {
    MemoryCore core = new MemoryCore("Counter");
    ScriptHost counter = load("counter.groovy", "Counter");
    core.hear(counter, "Sam:a", "Carol:b", "Sam:c");

    ScriptHost restarted = load("counter.groovy", "Counter");
    core.hear(restarted, "Sam:d", "Sam:reset", "Carol:e");

    assertThat(core.sentTexts())
        .containsExactly(
            "Sam:message 1 from you, 1 in all",
            "Carol:message 1 from you, 2 in all",
            "Sam:message 2 from you, 3 in all",
            "Sam:message 3 from you, 4 in all",
            "Sam:counts cleared",
            "Carol:message 1 from you, 1 in all");
  }

  @Test
  void recordReactsToNothingAndFailsOnNothing() {
    MemoryCore core = new MemoryCore("Carol");
    ScriptHost record = load("record.groovy", "Carol");

    for (int i = 1; i <= 3; i++) {
      core.deliver(record, core.incoming("Sam", "while away #" + i));
    }

    assertThat(core.sent).isEmpty();
    assertThat(core.ignoredErrors).isEmpty();
  }
}
