package p2pchat.agent.script;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandTextTest {

  @Test
  void argumentsAreSplitOnWhiteSpaceWithQuotedPartsKeptTogether() {
    assertThat(CommandText.split("deploy  \"web app\" 'v 2'\tnow"))
        .containsExactly("deploy", "web app", "v 2", "now");
  }

  @Test
  void quotesInsideAWordJoinItAndAnEmptyQuotePairIsAnEmptyArgument() {
    assertThat(CommandText.split("tag name=\"a b\" \"\"")).containsExactly("tag", "name=a b", "");
  }

  @Test
  void anOpenQuoteRunsToTheEnd() {
    assertThat(CommandText.split("say \"hello there")).containsExactly("say", "hello there");
  }

  @Test
  void aQuoteOfTheOtherKindIsKeptInsideAQuotedPart() {
    assertThat(CommandText.split("say \"it's fine\"")).containsExactly("say", "it's fine");
  }

  @Test
  void theFirstWordIsTheCommandAndTheRestAreItsArguments() {
    CommandText.Parsed p = CommandText.parse("  deploy api \"blue green\" ", "");
    assertThat(p.name()).isEqualTo("deploy");
    assertThat(p.args()).containsExactly("api", "blue green");
  }

  @Test
  void withAPrefixOnlyTextsStartingWithItAreCommands() {
    assertThat(CommandText.parse("!deploy api", "!").name()).isEqualTo("deploy");
    assertThat(CommandText.parse("deploy api", "!")).isNull();
    assertThat(CommandText.parse("! deploy api", "!")).isNull();
    assertThat(CommandText.parse("!", "!")).isNull();
    assertThat(CommandText.parse("   ", "")).isNull();
  }
}
