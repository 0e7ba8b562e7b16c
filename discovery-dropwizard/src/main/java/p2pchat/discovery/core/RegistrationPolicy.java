package p2pchat.discovery.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

/**
 * Who may register: {@code open} (anyone who reaches the registry) or {@code token} (a registration
 * carries {@code X-P2P-Registration-Token} with one of the tokens in the operator's file, one a
 * line, {@code #} comments). Immutable and thread-safe; the file is read at start.
 */
public final class RegistrationPolicy {
  public static final String TOKEN_HEADER = "X-P2P-Registration-Token";

  private final List<byte[]> tokens; // null: open

  private RegistrationPolicy(List<byte[]> tokens) {
    this.tokens = tokens;
  }

  public static RegistrationPolicy open() {
    return new RegistrationPolicy(null);
  }

  /**
   * {@code policy} is {@code open} or {@code token}; {@code file} names the tokens for the latter.
   */
  public static RegistrationPolicy of(String policy, String file) {
    if ("open".equals(policy)) {
      return open();
    }
    if (!"token".equals(policy)) {
      throw new IllegalArgumentException(
          "registration must be open or token, not '" + policy + "'");
    }
    if (file == null || file.isBlank()) {
      throw new IllegalArgumentException(
          "registration: token needs registrationTokensFile, a file of tokens one a line");
    }
    try {
      List<byte[]> tokens =
          Files.readAllLines(Path.of(file)).stream()
              .map(String::strip)
              .filter(l -> !l.isEmpty() && !l.startsWith("#"))
              .map(l -> l.getBytes(StandardCharsets.UTF_8))
              .toList();
      if (tokens.isEmpty()) {
        throw new IllegalArgumentException(
            "registrationTokensFile " + file + " holds no token; put one a line");
      }
      return new RegistrationPolicy(tokens);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read registrationTokensFile " + file + ": " + e.getMessage());
    }
  }

  /** Refuses a registration the policy does not allow with 403 and what to do. */
  public void check(String token) {
    if (tokens == null) {
      return;
    }
    if (token == null || token.isBlank()) {
      throw ApiException.forbidden(
          "this registry takes registrations with a token only: send %s with one the operator gave you",
          TOKEN_HEADER);
    }
    byte[] given = token.strip().getBytes(StandardCharsets.UTF_8);
    boolean known = false;
    for (byte[] t : tokens) {
      known |= MessageDigest.isEqual(t, given); // constant time: no hint which bytes matched
    }
    if (!known) {
      throw ApiException.forbidden(
          "the registration token is not one this registry accepts; ask its operator for a valid one");
    }
  }
}
