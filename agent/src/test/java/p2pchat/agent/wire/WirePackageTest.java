package p2pchat.agent.wire;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class WirePackageTest {

  @Test
  void theWireDependsOnNothingElseOfOurs() {
    classes()
        .that()
        .resideInAPackage("p2pchat.agent.wire..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "p2pchat.agent.wire..",
            "p2pchat.agent.common..",
            "p2pchat.agent.rooms..", // the room header: a value with its bytes, nothing more
            "java..",
            "javax.crypto..",
            "io.netty..",
            "com.southernstorm.noise..",
            "org.bouncycastle.math.ec.rfc7748..", // X25519 for the handshake
            "org.bouncycastle.math.ec.rfc8032..") // Ed25519 for the warm-up's bindings
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("p2pchat.agent.wire"));
  }
}
