package p2pchat.agent.cli.chat;

import java.util.ArrayList;
import java.util.List;

/** A screen that keeps what was shown; decorated or plain, never coloured. Thread-safe. */
final class RecordingIo implements ChatIo {
  private final boolean decorated;
  private final List<String> lines = new ArrayList<>();

  RecordingIo(boolean decorated) {
    this.decorated = decorated;
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public String readLine(String prompt) {
    return null;
  }

  @Override
  public synchronized void show(String line) {
    lines.add(line);
  }

  @Override
  public boolean decorated() {
    return decorated;
  }
}
