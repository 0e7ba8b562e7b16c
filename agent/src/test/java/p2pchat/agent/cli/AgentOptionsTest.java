package p2pchat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** {@code --discovery URL[,URL...]}: one registry or several instances of one. */
class AgentOptionsTest {
  @Test
  void severalRegistryInstancesAreReadInOrder() {
    assertThat(AgentOptions.registryUrls("http://127.0.0.1:8000, http://127.0.0.1:8001,http://10.0.0.2:8000"))
        .containsExactly(URI.create("http://127.0.0.1:8000"), URI.create("http://127.0.0.1:8001"),
            URI.create("http://10.0.0.2:8000"));
    assertThat(AgentOptions.registryUrls("http://127.0.0.1:8000")).containsExactly(URI.create("http://127.0.0.1:8000"));
  }

  @Test
  void aBadOrRepeatedEntryIsRefusedWithOneLineNamingIt() {
    assertThatThrownBy(() -> AgentOptions.registryUrls("http://127.0.0.1:8000,ftp://x"))
        .hasMessage("--discovery must be an http or https URL like http://127.0.0.1:8000, not 'ftp://x'");
    assertThatThrownBy(() -> AgentOptions.registryUrls("http://127.0.0.1:8000,"))
        .hasMessageContaining("not ''");
    assertThatThrownBy(() -> AgentOptions.registryUrls("http://127.0.0.1:8000,http://127.0.0.1:8000"))
        .hasMessage("--discovery names http://127.0.0.1:8000 twice; list each registry instance once");
  }
}
