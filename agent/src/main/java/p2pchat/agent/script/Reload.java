package p2pchat.agent.script;

import java.nio.file.Path;

/**
 * The outcome of one hot reload: {@code error} is null when the new version took over, else the
 * one-line compile error (the previous version stays). Immutable.
 */
public record Reload(Path file, String error) {

  public boolean ok() {
    return error == null;
  }
}
