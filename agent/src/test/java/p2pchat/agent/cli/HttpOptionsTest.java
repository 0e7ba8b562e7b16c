package p2pchat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import p2pchat.agent.http.AgentHttp;
import picocli.CommandLine;

/** {@code agent --http PORT [--http-host H] [--http-token-file F]}: parsed and checked. */
class HttpOptionsTest {
  private static HttpOptions parse(String... args) {
    HttpOptions options = new HttpOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  @Test
  void withoutHttpThereIsNoHttpSide() {
    assertThat(parse().toSettings()).isNull();
  }

  @Test
  void httpListensOnLoopbackUnlessToldOtherwise() {
    assertThat(parse("--http", "8080").toSettings())
        .isEqualTo(new AgentHttp.Settings("127.0.0.1", 8080, null));
    assertThat(
            parse("--http", "0", "--http-host", "0.0.0.0", "--http-token-file", "t").toSettings())
        .isEqualTo(new AgentHttp.Settings("0.0.0.0", 0, Path.of("t")));
  }

  @Test
  void badCombinationsAreOneLineUsageErrors() {
    assertThatThrownBy(() -> parse("--http", "70000").toSettings())
        .hasMessage("--http must be 0..65535 (0 = any free port), not 70000");
    assertThatThrownBy(() -> parse("--http-host", "0.0.0.0").toSettings())
        .hasMessage("--http-host needs --http PORT");
    assertThatThrownBy(() -> parse("--http-token-file", "t").toSettings())
        .hasMessage("--http-token-file needs --http PORT");
  }
}
