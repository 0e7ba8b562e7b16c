package p2pchat.agent.store;

import java.io.IOException;
import java.nio.file.Path;
import p2pchat.agent.Durability;

/**
 * A tiny main run as a separate JVM by {@link StoreOpenTest}: opens the store in args[0] and prints
 * "opened" (then, with "hold", keeps it open until its standard input closes), or prints the
 * one-line refusal and exits with 3.
 */
public final class LockProbe {
  public static void main(String[] args) throws IOException {
    try (Store store = Store.open(Path.of(args[0]), "Probe", Durability.NORMAL)) {
      System.out.println("opened " + store.databaseFile());
      if (args.length > 1 && args[1].equals("hold")) {
        System.out.println("holding");
        System.out.flush();
        while (System.in.read() >= 0) {
          // wait for the parent to close our input (or kill us)
        }
      }
    } catch (StoreException e) {
      System.out.println("refused: " + e.getMessage());
      System.exit(3);
    }
  }

  private LockProbe() {}
}
