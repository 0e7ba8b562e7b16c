package p2pchat.agent.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Commands, their generated help, unknown commands and permissions, through the Behavior seam. */
class CommandsTest extends CoreFixture {

  private static final String OPS =
      """
      commandPrefix '!'
      unknownCommand 'suggest'
      admins 'Sam', 'Carol'
      command('deploy', 'deploy NAME — ship a service', allow: admins) { msg, args ->
          reply "deploying ${args[0]} (${args.size()} args: ${args.join('|')})"
      }
      command('status', 'what runs where') { msg, args -> reply 'all green' }
      command('restart', allow: ['Carol']) { msg, args -> reply "restarting ${args[0]}" }
      hear(~/^shutdown$/, allow: admins) { msg, m -> reply 'shutting down' }
      on denied { msg, command -> state.denied = (state.denied ?: []) + "${msg.from}:${command}" }
      """;

  CommandsTest() {
    super("Ops");
  }

  private ScriptHost ops() {
    return Scripts.load(dir, "ops.groovy", OPS);
  }

  @Test
  void aCommandRunsWithItsArgumentsQuotesKeptTogether() {
    ScriptHost host = ops();
    core.hear(
        host,
        "Sam:!deploy \"web api\" v2",
        "Dan:!status",
        "Dan:status"); // the last: no prefix, not a command

    assertThat(sentTexts())
        .containsExactly("Sam:deploying web api (2 args: web api|v2)", "Dan:all green");
  }

  @Test
  void aPeerNotAllowedGetsOneLineAndTheDeniedEventFires() {
    ScriptHost host = ops();
    core.hear(
        host,
        "Dan:!deploy api",
        "Sam:!restart db",
        "Dan:shutdown",
        "Carol:!restart db",
        "Carol:shutdown");

    assertThat(sentTexts())
        .containsExactly(
            "Dan:you are not allowed to run !deploy",
            "Sam:you are not allowed to run !restart",
            "Dan:you are not allowed to do that",
            "Carol:restarting db",
            "Carol:shutting down");
    assertThat(core.state.get("denied"))
        .isEqualTo("[\"Dan:deploy\",\"Sam:restart\",\"Dan:~/^shutdown$/\"]");
  }

  @Test
  void theGeneratedHelpListsWhatTheAskingPeerMayRun() {
    ScriptHost host = ops();
    core.hear(host, "Dan:!help", "Carol:!help", "Dan:!help status");

    assertThat(sentTexts())
        .containsExactly(
            "Dan:commands:\n!status — what runs where\n!help — this list",
            "Carol:commands:\n!deploy NAME — ship a service\n!status — what runs where\n"
                + "!restart\n!help — this list",
            "Dan:!status — what runs where");
  }

  @Test
  void aScriptsOwnHelpReplacesTheGeneratedOne() {
    ScriptHost host =
        Scripts.load(
            dir,
            "own.groovy",
            """
            command('help') { msg, args -> reply 'ask Sam' }
            command('ping') { msg, args -> reply 'pong' }
            """);
    core.hear(host, "Dan:help", "Dan:ping");

    assertThat(sentTexts()).containsExactly("Dan:ask Sam", "Dan:pong");
  }

  @Test
  void anUnknownCommandGetsTheClosestOneItsSenderMayRun() {
    ScriptHost host = ops();
    core.hear(host, "Sam:!delpoy api", "Dan:!stauts", "Dan:!xyzzy");

    assertThat(sentTexts())
        .containsExactly(
            "Sam:unknown command '!delpoy'; did you mean !deploy? (!help lists the commands)",
            "Dan:unknown command '!stauts'; did you mean !status? (!help lists the commands)",
            "Dan:unknown command '!xyzzy' (!help lists the commands)");
  }

  @Test
  void withoutAPrefixOnlyANearMissIsAnsweredAndWithoutSuggestNothingIs() {
    ScriptHost suggesting =
        Scripts.load(
            dir,
            "plain.groovy",
            """
            unknownCommand 'suggest'
            command('deploy') { msg, args -> reply 'ok' }
            """);
    core.hear(suggesting, "Dan:depoly api", "Dan:good morning");
    ScriptHost quiet =
        Scripts.load(dir, "quiet.groovy", "command('deploy') { msg, args -> reply 'ok' }\n");
    core.hear(quiet, "Dan:depoly api");

    assertThat(sentTexts())
        .containsExactly(
            "Dan:unknown command 'depoly'; did you mean deploy? (help lists the commands)");
  }

  @Test
  void mistakesInTheDeclarationsAreRefusedAtLoadWithTheirLine() {
    assertThatThrownBy(
            () ->
                Scripts.load(
                    dir,
                    "twice.groovy",
                    "command('a') { msg, args -> }\ncommand('a') { msg, args -> }\n"))
        .hasMessage("(twice.groovy, line 2) command 'a' is defined twice; keep one");
    assertThatThrownBy(
            () -> Scripts.load(dir, "prefix.groovy", "commandPrefix '!'\ncommandPrefix '/'\n"))
        .hasMessage(
            "(prefix.groovy, line 2) commandPrefix is set once per script; it is '!' already");
    assertThatThrownBy(
            () ->
                Scripts.load(
                    dir,
                    "allow.groovy",
                    "command('a', allow: ['Sam', 'no one']) { msg, args -> }\n"))
        .hasMessage(
            "(allow.groovy, line 1) command's allow: takes peer names or admins, like allow:"
                + " ['Sam', 'Carol'] or allow: admins; not 'no one'");
    assertThatThrownBy(() -> Scripts.load(dir, "mode.groovy", "unknownCommand 'guess'\n"))
        .hasMessage(
            "(mode.groovy, line 1) unknownCommand takes 'suggest' (answer with the closest"
                + " command) or 'ignore'; not 'guess'");
  }

  @Test
  void aCommandInsideAHandlerIsRefusedWhenItRuns() {
    ScriptHost host =
        Scripts.load(dir, "inside.groovy", "on message { msg -> command('x') { m, a -> } }\n");
    core.hear(host, "Dan:hi");
    assertThat(core.sent).isEmpty();
  }

  @Test
  void aMisspelledDeclarationIsFoundAtCompileTimeWithTheClosestWord() {
    assertThatThrownBy(
            () -> Scripts.load(dir, "typo.groovy", "comandPrefix '!'\ncommand('a') { m, a -> }\n"))
        .hasMessageStartingWith(
            "(typo.groovy, line 1, column 1) unknown word 'comandPrefix' (did you mean"
                + " 'commandPrefix'?); events: on ");
  }
}
