package p2pchat.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs iproute2's {@code ip} for {@link HostNet}: finds it, tells whether this run may use it (root
 * and {@code ip} present, or why not), runs one command and fails with ip's own words, and reads
 * the IPv4 prefixes already in use so a new network does not clash with them. Immutable;
 * thread-safe.
 */
final class IpCommand {
  private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

  private final String ip;

  private IpCommand(String ip) {
    this.ip = ip;
  }

  /** The {@code ip} of this machine, if this run may create network namespaces with it. */
  static Optional<IpCommand> usable() {
    Optional<String> ip = find();
    return missing(isRoot(), ip).isPresent() ? Optional.empty() : ip.map(IpCommand::new);
  }

  /**
   * Why host peers cannot run here ("this run is not root", "ip (iproute2) is not installed"), or
   * empty when they can.
   */
  static Optional<String> missing(boolean root, Optional<String> ip) {
    if (!root && ip.isEmpty()) {
      return Optional.of("this run is not root and ip (iproute2) is not installed");
    }
    if (!root) {
      return Optional.of("this run is not root");
    }
    return ip.isEmpty() ? Optional.of("ip (iproute2) is not installed") : Optional.empty();
  }

  static Optional<String> missing() {
    return missing(isRoot(), find());
  }

  private static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[2].equals("0"); // the effective uid
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no network namespaces either
    }
    return false;
  }

  private static Optional<String> find() {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    dirs.addAll(SBIN); // a user's PATH often leaves out sbin, where ip lives
    return dirs.stream()
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, "ip"))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst();
  }

  /** The command that runs {@code argv} inside network namespace {@code ns}. */
  List<String> inNamespace(String ns, List<String> argv) {
    List<String> cmd = new ArrayList<>(List.of(ip, "netns", "exec", ns));
    cmd.addAll(argv);
    return cmd;
  }

  /** Runs {@code ip ARGS}; its output, or an IllegalStateException with ip's own message. */
  String run(String... args) {
    List<String> cmd = new ArrayList<>(List.of(ip));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("ip " + String.join(" ", args) + " did not finish in 10 s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "ip " + String.join(" ", args) + " failed: " + out.trim().replace('\n', ' '));
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + ip + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running ip " + String.join(" ", args));
    }
  }

  /** As {@link #run}, for cleaning up: a failure is only returned, never thrown. */
  Optional<String> tryRun(String... args) {
    try {
      run(args);
      return Optional.empty();
    } catch (IllegalStateException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Every IPv4 prefix this namespace has an address or a route in, as {address, length}. */
  List<int[]> prefixesInUse() {
    List<int[]> used = new ArrayList<>();
    for (String line : run("-4", "-o", "addr", "show").split("\n")) {
      String[] f = line.trim().split("\\s+");
      for (int i = 0; i + 1 < f.length; i++) {
        if (f[i].equals("inet")) {
          parse(f[i + 1]).ifPresent(used::add);
        }
      }
    }
    for (String line : run("-4", "route", "show", "table", "all").split("\n")) {
      String[] f = line.trim().split("\\s+");
      int i = 0;
      while (i < f.length && ROUTE_TYPES.contains(f[i])) {
        i++;
      }
      if (i < f.length) {
        parse(f[i]).ifPresent(used::add); // "default" parses to nothing: it is not a clash
      }
    }
    return used;
  }

  private static final List<String> ROUTE_TYPES =
      List.of(
          "unicast",
          "local",
          "broadcast",
          "multicast",
          "anycast",
          "blackhole",
          "unreachable",
          "prohibit",
          "throw",
          "nat");

  /** "10.1.2.0/24" or "10.1.2.3" as {address, length}. */
  static Optional<int[]> parse(String prefix) {
    String[] parts = prefix.split("/");
    String[] q = parts[0].split("\\.");
    if (q.length != 4) {
      return Optional.empty();
    }
    try {
      int a = 0;
      for (String s : q) {
        int v = Integer.parseInt(s);
        if (v < 0 || v > 255) {
          return Optional.empty();
        }
        a = (a << 8) | v;
      }
      int len = parts.length > 1 ? Integer.parseInt(parts[1]) : 32;
      return len < 0 || len > 32 ? Optional.empty() : Optional.of(new int[] {a, len});
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Do the two prefixes share an address? */
  static boolean overlap(int[] x, int[] y) {
    int len = Math.min(x[1], y[1]);
    int mask = len == 0 ? 0 : -1 << (32 - len);
    return (x[0] & mask) == (y[0] & mask);
  }
}
