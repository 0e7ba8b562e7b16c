package p2pchat.discovery;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture of tests that each run against a registry of their own in this JVM: started before
 * each test on {@link #backend} with a short lease (so that expiry shows within a test), with a
 * client of it, and stopped after. The PostgreSQL subclasses run the same tests there by overriding
 * {@link #backend}.
 */
abstract class RegistryPerTest {
  static final Duration LEASE = Duration.ofMillis(600);
  static final Duration HEARTBEAT = Duration.ofMillis(200);

  @TempDir Path dir;

  EmbeddedRegistry registry;
  TestClient client;

  /** Where this run keeps its registry: a file named {@code file} under the test's folder. */
  EmbeddedRegistry.Settings backend(String file) {
    return EmbeddedRegistry.Settings.onFile(dir.resolve(file));
  }

  @BeforeEach
  void start() {
    registry = EmbeddedRegistry.start(backend("registry.db").withLease(LEASE, HEARTBEAT));
    client = new TestClient(registry.url());
  }

  @AfterEach
  void stop() {
    registry.stop();
  }
}
