package p2pchat.agent.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token every route but {@code /health} requires: read from a given file, or from {@code
 * http-token} in the data directory, made there (mode 600, 256 random bits) on first start. {@code
 * created} says it was made now, so the command prints it once. Immutable.
 */
public record BearerToken(String value, Path file, boolean created) {
  /** The file in the data directory that holds a generated token. */
  public static final String FILE_NAME = "http-token";

  @Override
  public String toString() {
    return "BearerToken[" + file + "]"; // never the value
  }

  /**
   * The token in {@code explicitFile} if given (it must exist), else the data directory's,
   * generated when it is not there yet.
   *
   * @throws IllegalArgumentException with a one-line message when a file cannot be read or holds no
   *     usable token
   */
  public static BearerToken load(Path explicitFile, Path dataDir) {
    if (explicitFile != null) {
      return new BearerToken(read(explicitFile), explicitFile, false);
    }
    Path file = dataDir.resolve(FILE_NAME);
    if (Files.exists(file)) {
      return new BearerToken(read(file), file, false);
    }
    String token = generate();
    try {
      Files.createDirectories(dataDir);
      Path tmp = Files.createTempFile(dataDir, FILE_NAME, ".tmp");
      try {
        setOwnerOnly(tmp);
        Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file); // not REPLACE_EXISTING: an agent that got there first wins
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (FileAlreadyExistsException raced) {
      return new BearerToken(read(file), file, false);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot write the HTTP token to "
              + file
              + ": "
              + e.getMessage()
              + "; check the data directory",
          e);
    }
    return new BearerToken(token, file, true);
  }

  /** Whether an {@code Authorization} header carries this token (compared in constant time). */
  boolean admits(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String read(Path file) {
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the HTTP token file " + file + ": " + e.getMessage() + "; check the path",
          e);
    }
    if (token.length() < 16
        || token.length() > 256
        || !token.chars().allMatch(c -> c > 32 && c < 127)) {
      throw new IllegalArgumentException(
          "the HTTP token file "
              + file
              + " must hold one token of 16-256 visible ASCII characters; delete it to have one made");
    }
    return token;
  }

  private static String generate() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void setOwnerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // e.g. Windows: the file keeps the directory's permissions
    }
  }
}
