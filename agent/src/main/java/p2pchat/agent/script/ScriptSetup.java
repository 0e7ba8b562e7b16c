package p2pchat.agent.script;

import java.util.Map;
import org.slf4j.Logger;

/**
 * What one load of a script knows about itself: its file name, agent, logger, registered handlers
 * and the fingerprint of each closure class (for timers across edits). Immutable references; the
 * handlers are filled during load and frozen before use.
 */
record ScriptSetup(
    String fileName,
    String agentName,
    Logger log,
    Handlers handlers,
    Map<String, String> fingerprints) {

  /**
   * The line of the script being run right now (the innermost frame of this script's file), or -1.
   */
  int callerLine() {
    return StackWalker.getInstance()
        .walk(
            frames ->
                frames
                    .filter(f -> fileName.equals(f.getFileName()) && f.getLineNumber() > 0)
                    .findFirst()
                    .map(StackWalker.StackFrame::getLineNumber)
                    .orElse(-1));
  }
}
