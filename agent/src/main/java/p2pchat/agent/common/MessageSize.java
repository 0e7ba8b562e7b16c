package p2pchat.agent.common;

import java.nio.charset.StandardCharsets;

/** The one rule for a message too big to deliver: refused before it is queued. Stateless. */
public final class MessageSize {
  private MessageSize() {}

  /**
   * Refuses a message whose text and data exceed {@code maxBytes} (what one frame carries): it
   * could never be delivered, so it is not queued.
   */
  public static void check(String to, String text, String dataJson, int maxBytes) {
    long size =
        text.getBytes(StandardCharsets.UTF_8).length
            + (dataJson == null ? 0 : dataJson.getBytes(StandardCharsets.UTF_8).length);
    if (size > maxBytes) {
      throw new IllegalArgumentException(
          "message to "
              + to
              + " is "
              + size
              + " bytes; the limit is "
              + maxBytes
              + " bytes of text and data: split it");
    }
  }
}
