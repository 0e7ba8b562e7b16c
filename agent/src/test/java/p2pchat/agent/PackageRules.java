package p2pchat.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The two moves of every package rule: import our main classes, say what a package must not use.
 */
public final class PackageRules {
  private PackageRules() {}

  /** The main (not test) classes below {@code root}. */
  public static JavaClasses mainClasses(String root) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(root);
  }

  /**
   * No class in {@code pkg} (or below it) depends on a class in any of {@code forbidden} (ArchUnit
   * package patterns such as {@code "p2pchat.agent.store.."}).
   */
  public static void mustNotUse(JavaClasses classes, String pkg, String... forbidden) {
    noClasses()
        .that()
        .resideInAPackage(pkg)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden)
        .check(classes);
  }
}
