package p2pchat.discovery.core;

import java.security.PublicKey;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the registry accepts as a name, host, port and public key; every refusal is a 422 that shows
 * the value. The name rule is the registry's one copy ({@link #validName}), the agent's {@code
 * PeerNames} rule word for word and refused in the agent's words (docs/registry-api.md).
 * Thread-safe: the only state is a bounded cache of decoded keys, which is derived data (another
 * instance would simply decode again).
 */
public final class PeerRules {
  /** The longest name, in characters (all ASCII). */
  public static final int MAX_NAME_LENGTH = 64;

  /** What a name may be, as the refusal says it (the agent's words). */
  public static final String NAME_RULE = "use 1 to 64 letters, digits, '_', '.' or '-'";

  public static final Set<String> STATUSES = Set.of("online", "away", "unreachable");

  /** Names that would collide with a literal path under /v1/peers. */
  private static final Set<String> RESERVED = Set.of("changes");

  private static final int MAX_CACHED_KEYS = 10_000;
  private final ConcurrentHashMap<String, VerifyingKey> keys = new ConcurrentHashMap<>();

  /** True if {@code name} follows the rule {@code [A-Za-z0-9_.-]{1,64}}. */
  public static boolean validName(CharSequence name) {
    if (name == null || name.length() == 0 || name.length() > MAX_NAME_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean allowed =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '.'
              || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  /** True if {@code name} follows the rule and may be registered (it is not reserved). */
  public static boolean registrableName(String name) {
    return validName(name) && !RESERVED.contains(name);
  }

  /** Returns the name, or refuses it (422) saying what a name may be. */
  public String name(String name) {
    if (name == null) {
      throw ApiException.invalid("name is missing: %s", NAME_RULE);
    }
    if (!validName(name)) {
      throw ApiException.invalid("invalid peer name '%s': %s", shorten(name), NAME_RULE);
    }
    if (RESERVED.contains(name)) {
      throw ApiException.invalid("name '%s' is reserved by the registry; pick another", name);
    }
    return name;
  }

  public String host(String host) {
    if (host == null || host.isBlank()) {
      throw ApiException.invalid(
          "host is missing; give the address other peers connect to, e.g. 127.0.0.1");
    }
    if (host.length() > 255
        || !host.equals(host.strip())
        || host.chars().anyMatch(c -> c <= ' ' || c == 127)) {
      throw ApiException.invalid(
          "host must be a host name or IP address without spaces: '%s'", shorten(host));
    }
    return host;
  }

  public int port(Integer port) {
    if (port == null) {
      throw ApiException.invalid("port is missing; it must be 1..65535");
    }
    if (port < 1 || port > 65535) {
      throw ApiException.invalid("port must be 1..65535: %d", port);
    }
    return port;
  }

  public long epoch(Long epoch) {
    if (epoch == null) {
      throw ApiException.invalid("epoch is missing; send the epoch the registration returned");
    }
    return epoch;
  }

  /** Decodes base64 (standard, padded) X.509 SubjectPublicKeyInfo of an Ed25519 key. */
  public PublicKey publicKey(String base64) {
    return verifyingKey(base64).key();
  }

  /** The key decoded for verifying signatures; cached, since every heartbeat needs it. */
  public VerifyingKey verifyingKey(String base64) {
    if (base64 == null) {
      throw ApiException.invalid(
          "publicKey is missing; send the base64 of the Ed25519 key's X.509 encoding");
    }
    VerifyingKey cached = keys.get(base64);
    if (cached != null) {
      return cached;
    }
    VerifyingKey key = VerifyingKey.decode(base64);
    if (key == null) {
      throw ApiException.invalid(
          "publicKey must be the base64 (standard, padded) X.509 encoding of an Ed25519 key: '%s'",
          shorten(base64));
    }
    if (keys.size() >= MAX_CACHED_KEYS) {
      keys.clear();
    }
    keys.put(base64, key);
    return key;
  }

  /** The canonical text of a key, so two spellings of one key compare equal. */
  public static String canonical(PublicKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  private static String shorten(String value) {
    return value.length() <= 80 ? value : value.substring(0, 77) + "...";
  }
}
