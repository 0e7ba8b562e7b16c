package p2pchat.agent.store;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A message to queue for sending: the store assigns its id and seq. {@code dataJson} and {@code
 * expiresAt} (epoch ms) may be null; {@code offline} says the receiver was not online when it was
 * queued. Immutable.
 */
public record Outgoing(String to, String text, String dataJson, Long expiresAt, boolean offline) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  public Outgoing {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(text, "text");
    if (!NAME.matcher(to).matches()) {
      throw new IllegalArgumentException(
          "not a peer name: '" + to + "' (use 1 to 64 of A-Z a-z 0-9 _ . -)");
    }
  }

  /** A plain text message that never expires, queued while the receiver is online. */
  public static Outgoing text(String to, String text) {
    return new Outgoing(to, text, null, null, false);
  }
}
