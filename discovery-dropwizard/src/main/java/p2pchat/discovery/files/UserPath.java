package p2pchat.discovery.files;

import java.nio.file.Path;

/** A file path as a user writes it: {@code ~/} means the home folder. Stateless; thread-safe. */
public final class UserPath {
  private UserPath() {}

  /** The absolute, normalized path {@code text} names. */
  public static Path expand(String text) {
    String home = System.getProperty("user.home");
    if (text.equals("~")) {
      return Path.of(home);
    }
    if (text.startsWith("~/")) {
      return Path.of(home, text.substring(2)).toAbsolutePath().normalize();
    }
    return Path.of(text).toAbsolutePath().normalize();
  }
}
