package p2pchat.agent.script;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the script tests that drive one bot share: a folder for its scripts, the core it runs on
 * ({@link MemoryCore}) and what it sent. One instance per test; not thread-safe.
 */
abstract class CoreFixture {
  @TempDir Path dir;
  final MemoryCore core;

  /** A bot named Bot. */
  CoreFixture() {
    this("Bot");
  }

  CoreFixture(String bot) {
    this.core = new MemoryCore(bot);
  }

  /** What was sent so far, each as {@code To:text}, in order. */
  List<String> sentTexts() {
    return core.sentTexts();
  }
}
