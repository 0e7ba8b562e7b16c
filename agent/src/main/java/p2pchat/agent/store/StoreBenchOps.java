package p2pchat.agent.store;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Store operations that only the storage benchmark (integration-tests' {@code StorageBench}) uses,
 * kept out of {@link Store}'s API so that a reader of the store sees what the agent does.
 * Stateless.
 */
public final class StoreBenchOps {
  private StoreBenchOps() {}

  /**
   * Moves {@code peer}'s delivered watermark to {@code uptoSeq} as {@link Store#markDelivered}
   * does, without reading the delivered messages back — two tiny statements whatever the batch size
   * — for when nothing wants 'delivered' events (the agent always wants them); completes with the
   * highest seq now delivered.
   */
  public static CompletableFuture<Long> acknowledge(Store store, String peer, long uptoSeq) {
    Objects.requireNonNull(peer, "peer");
    return store.write(tx -> tx.messageOps().acknowledge(peer, uptoSeq));
  }
}
