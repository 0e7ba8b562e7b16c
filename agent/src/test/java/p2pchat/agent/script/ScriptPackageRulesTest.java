package p2pchat.agent.script;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ScriptPackageRulesTest {

  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("p2pchat.agent.script");

  @Test
  void theScriptHostGoesThroughTheAgentApiNeverTheStoreOrTheNetwork() {
    noClasses()
        .that()
        .resideInAPackage("p2pchat.agent.script..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "p2pchat.agent.store..",
            "p2pchat.agent.transport..",
            "p2pchat.agent.wire..",
            "p2pchat.agent.presence..",
            "p2pchat.discovery..",
            "io.netty..",
            "org.jdbi..")
        .check(classes);
  }
}
