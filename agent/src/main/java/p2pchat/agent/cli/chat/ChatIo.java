package p2pchat.agent.cli.chat;

import java.io.IOException;

/**
 * Where a chat reads lines and shows them: a pipe ({@link PipeIo}, the prototype's plain words) or
 * a terminal ({@link TerminalIo}: prompt, editing, completion, colour). {@link #show} is called
 * from agent threads and must be thread-safe; {@link #readLine} from the chat's own thread only.
 */
public interface ChatIo {

  /** The next line typed, or null at the end of input. {@code prompt} may be empty. */
  String readLine(String prompt) throws IOException;

  /** Shows one whole line, above a prompt being typed at, if any. */
  void show(String line);

  /** True on a terminal: times, delivery marks and a conversation prompt are shown. */
  boolean decorated();

  /** {@code text} in the colour for {@code ink}, or as it is where colour is off (the default). */
  default String paint(Ink ink, String text) {
    return text;
  }

  /** What a piece of a chat line is, for colour. */
  enum Ink {
    TIME,
    NAME,
    ROOM,
    MARK,
    NOTICE
  }
}
