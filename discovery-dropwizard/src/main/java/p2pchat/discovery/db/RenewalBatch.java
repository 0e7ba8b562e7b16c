package p2pchat.discovery.db;

import java.util.List;

/**
 * Lease renewals to try in one write, side by side: entry i renews the lease of {@code names[i]} if
 * its session is {@code epochs[i]} and {@code oldHashes[i]} is its token's hash, storing {@code
 * newHashes[i]} instead. The four lists are as long as each other. Immutable if its lists are.
 */
public record RenewalBatch(
    List<String> names, List<Long> epochs, List<String> oldHashes, List<String> newHashes) {

  public int size() {
    return names.size();
  }
}
