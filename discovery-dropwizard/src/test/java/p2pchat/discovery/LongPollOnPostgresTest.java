package p2pchat.discovery;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Every test of {@link LongPollTest}, on PostgreSQL: each starts on an empty database. */
class LongPollOnPostgresTest extends LongPollTest {
  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  @Override
  EmbeddedRegistry.Settings backend(String file) {
    return super.backend(file).withDatabase(PG.newDatabase());
  }
}
