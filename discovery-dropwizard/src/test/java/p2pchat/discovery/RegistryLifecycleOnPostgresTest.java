package p2pchat.discovery;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Every test of {@link RegistryLifecycleTest}, on PostgreSQL: each starts on an empty database. */
class RegistryLifecycleOnPostgresTest extends RegistryLifecycleTest {
  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  @Override
  EmbeddedRegistry.Settings backend(String file) {
    return super.backend(file).withDatabase(PG.newDatabase());
  }
}
