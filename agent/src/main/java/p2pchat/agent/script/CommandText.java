package p2pchat.agent.script;

import java.util.ArrayList;
import java.util.List;

/**
 * How a message's text reads as a command: the optional prefix ({@code !}), the first word (the
 * command's name) and the rest split on white space, a quoted part ({@code "two words"} or {@code
 * 'two words'}) kept together as one argument without its quotes. Stateless and thread-safe.
 */
final class CommandText {

  /** A text read as a command: its name and its arguments. */
  record Parsed(String name, List<String> args) {}

  private CommandText() {}

  /** The command in {@code text}, or null if it has none (empty, or not starting with prefix). */
  static Parsed parse(String text, String prefix) {
    if (text == null) {
      return null;
    }
    String body = text.strip();
    if (!prefix.isEmpty()) {
      if (!body.startsWith(prefix)) {
        return null;
      }
      body = body.substring(prefix.length());
    }
    List<String> words = split(body);
    if (words.isEmpty() || body.isEmpty() || Character.isWhitespace(body.charAt(0))) {
      return null;
    }
    return new Parsed(words.get(0), List.copyOf(words.subList(1, words.size())));
  }

  /**
   * Splits on white space, keeping quoted parts together: {@code deploy "web app" 'v 2'} is {@code
   * [deploy, web app, v 2]}. A quote left open runs to the end; {@code ""} is an empty argument.
   */
  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          out.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      out.add(word.toString());
    }
    return out;
  }
}
