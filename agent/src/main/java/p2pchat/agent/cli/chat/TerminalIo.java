package p2pchat.agent.cli.chat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.InfoCmp.Capability;

/**
 * A chat on a terminal through JLine: a prompt with line editing, history and tab completion, and
 * lines from the agent shown above the line being typed. Colour only where the terminal has it and
 * {@code NO_COLOR} is not set (no-color.org). {@link #show} is thread-safe (JLine redraws the
 * prompt under its own lock).
 */
public final class TerminalIo implements ChatIo {
  private final Terminal terminal;
  private final LineReader reader;
  private final boolean colour;

  private TerminalIo(Terminal terminal, LineReader reader, boolean colour) {
    this.terminal = terminal;
    this.reader = reader;
    this.colour = colour;
  }

  /**
   * A chat on {@code terminal}, completing with {@code completer}; line history is kept in {@code
   * historyFile} when not null; {@code env} is where {@code NO_COLOR} is looked up.
   */
  public static TerminalIo open(
      Terminal terminal, Completer completer, Path historyFile, Map<String, String> env) {
    DefaultParser parser = new DefaultParser();
    parser.setEscapeChars(new char[0]); // a backslash typed is a backslash sent
    LineReaderBuilder builder =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("p2pchat")
            .completer(completer)
            .parser(parser)
            .variable(LineReader.HISTORY_SIZE, 1000)
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // "hi!" stays "hi!"
            .option(LineReader.Option.AUTO_FRESH_LINE, true);
    if (historyFile != null) {
      builder.variable(LineReader.HISTORY_FILE, historyFile);
    }
    return new TerminalIo(terminal, builder.build(), colourWanted(terminal, env));
  }

  /** Colour on a terminal that has at least 8 colours, unless {@code NO_COLOR} is set. */
  static boolean colourWanted(Terminal terminal, Map<String, String> env) {
    String noColor = env.get("NO_COLOR");
    if (noColor != null && !noColor.isEmpty()) {
      return false;
    }
    if (terminal.getType().startsWith(Terminal.TYPE_DUMB)) {
      return false;
    }
    Integer colours = terminal.getNumericCapability(Capability.max_colors);
    return colours != null && colours >= 8;
  }

  @Override
  public String readLine(String prompt) throws IOException {
    try {
      return reader.readLine(prompt);
    } catch (EndOfFileException | UserInterruptException e) {
      return null; // Ctrl-D or Ctrl-C: the end of this chat, as a pipe's end is
    }
  }

  @Override
  public void show(String line) {
    reader.printAbove(line);
  }

  @Override
  public boolean decorated() {
    return true;
  }

  @Override
  public String paint(Ink ink, String text) {
    if (!colour) {
      return text;
    }
    AttributedStyle style =
        switch (ink) {
          case TIME -> AttributedStyle.DEFAULT.faint();
          case NAME -> AttributedStyle.BOLD.foreground(AttributedStyle.CYAN);
          case ROOM -> AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA);
          case MARK -> AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
          case NOTICE -> AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
        };
    return new AttributedString(text, style).toAnsi(terminal);
  }

  /** Saves the line history; the terminal is closed by whoever opened it. */
  public void close() {
    try {
      reader.getHistory().save();
    } catch (IOException e) {
      // history is a convenience; losing it is not worth a word
    }
  }
}
