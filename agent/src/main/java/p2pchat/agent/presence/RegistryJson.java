package p2pchat.agent.presence;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The registry's JSON bodies (docs/registry-api.md "Shapes", field names exact) and their
 * (de)serialization. Reading is tolerant: unknown fields are ignored so the registry can grow.
 * Thread-safe: the mapper is configured once here and never changed afterwards.
 */
final class RegistryJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private RegistryJson() {}

  /** POST /v1/peers body. */
  record Registration(String name, String publicKey, String host, int port) {}

  /** POST /v1/peers answer; {@code leaseToken} is null from a registry without cheap renewals. */
  record Registered(long epoch, String leaseToken) {}

  /** PUT /v1/peers/{name}/presence body. */
  record Heartbeat(String host, int port, long epoch) {}

  /** PUT /v1/peers/{name}/presence answer. */
  record Lease(long leaseMillis, long epoch, String leaseToken) {}

  /** POST /v1/leases body: cheap renewals of many leases, each by its token. */
  record Renewals(List<Renewal> renewals) {}

  /** One renewal asked for. */
  record Renewal(String name, long epoch, String leaseToken) {}

  /** POST /v1/leases answer: per renewal, in order, the next token or a refusal. */
  record Renewed(long leaseMillis, List<RenewalResult> renewals) {
    Renewed {
      renewals = renewals == null ? List.of() : List.copyOf(renewals);
    }
  }

  /**
   * One renewal's outcome: {@code leaseToken} when renewed, else {@code code} and {@code message}.
   */
  record RenewalResult(String name, String leaseToken, Integer code, String message) {}

  /** GET /v1/peers answer. */
  record PeerList(long version, List<RegistryPeer> peers) {
    PeerList {
      peers = peers == null ? List.of() : List.copyOf(peers);
    }
  }

  /**
   * GET /v1/peers/changes answer. {@code reset} is optional: a registry may set it when {@code
   * since} is not from its history (e.g. after it restarted), asking for a full resync.
   */
  record Changes(long version, List<RegistryPeer> changes, Boolean reset) {
    Changes {
      changes = changes == null ? List.of() : List.copyOf(changes);
    }

    boolean resetRequested() {
      return Boolean.TRUE.equals(reset);
    }
  }

  /** Every 4xx/5xx body. */
  record Error(String code, String message) {}

  static byte[] write(Object body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T> T read(byte[] json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "unexpected "
              + type.getSimpleName()
              + " JSON from the registry: "
              + e.getMessage().lines().findFirst().orElse(""),
          e);
    }
  }
}
