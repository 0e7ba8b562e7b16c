package p2pchat.e2e;

/** The prototype's prompt, exactly. */
final class ChatPromptText {
  static final String PROMPT = "Enter the username that you want to talk to: ";

  private ChatPromptText() {}
}
