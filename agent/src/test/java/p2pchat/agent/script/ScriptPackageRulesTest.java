package p2pchat.agent.script;

import static p2pchat.agent.PackageRules.mainClasses;
import static p2pchat.agent.PackageRules.mustNotUse;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

class ScriptPackageRulesTest {

  private final JavaClasses classes = mainClasses("p2pchat.agent.script");

  @Test
  void theScriptHostGoesThroughTheAgentApiNeverTheStoreOrTheNetwork() {
    mustNotUse(
        classes,
        "p2pchat.agent.script..",
        "p2pchat.agent.store..",
        "p2pchat.agent.transport..",
        "p2pchat.agent.wire..",
        "p2pchat.agent.presence..",
        "p2pchat.discovery..",
        "io.netty..",
        "org.jdbi..");
  }
}
