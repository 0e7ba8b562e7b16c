package p2pchat.discovery.db;

/** The registry's database file could not be opened; the message names the file and why. */
public final class DatabaseOpenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatabaseOpenException(String location, String reason) {
    super("cannot open the database " + location + ": " + reason);
  }
}
