package p2pchat.harness;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A seeded random fault schedule, run by {@code nemesis(seed: 42, duration: 60.s, faults: [crash,
 * pause, partition, latency, drop, reset], peers: ['Ann', 'Bob', 'Cat'])}: one fault after another,
 * each on a random peer or link, each healed after a random while; the same seed, peers and faults
 * give the same schedule. {@code -Dp2pchat.seed} or {@code --seed} overrides the file's seed. After
 * the schedule, everything it broke is healed. The step blocks for the schedule's duration;
 * background traffic keeps flowing. Used from the scenario thread.
 */
public final class Nemesis {
  static final Set<String> OPTIONS = Set.of("seed", "duration", "faults", "peers");

  /** The faults a schedule can hold, in the order errors list them. */
  static final List<String> FAULTS =
      List.of(
          "crash",
          "pause",
          "partition",
          "oneWay",
          "latency",
          "drop",
          "reset",
          "slicer",
          "registry",
          "clock",
          "disk");

  /** Faults of a peer's machine: its clock or its disk, healed in place. */
  private static final Set<String> MACHINE = Set.of("clock", "disk");

  /** Faults that act on one peer (the others act on a pair, or on the registry). */
  private static final Set<String> ON_ONE_PEER = Set.of("crash", "pause", "clock", "disk");

  /** One fault of the schedule: at {@code at} ms from the start, held {@code hold} ms. */
  public record Event(long at, long hold, String fault, List<String> targets, long amount) {
    /** "+1.20 s crash Bob for 0.80 s": what two runs with one seed agree on. */
    public String describe() {
      String what =
          switch (fault) {
            case "latency" -> "latency " + amount + " ms on " + String.join("–", targets);
            case "drop", "reset" ->
                fault + " every " + amount + " ms on " + String.join("–", targets);
            case "slicer" -> "slicer " + amount + "-byte writes on " + String.join("–", targets);
            case "oneWay" -> "partition " + targets.get(0) + "→" + targets.get(1) + " one way";
            case "partition" -> "partition " + String.join("–", targets);
            case "clock" ->
                "clock of " + targets.get(0) + " " + (amount > 0 ? "+" : "") + amount / 1000 + " s";
            case "disk" -> "disk of " + targets.get(0) + " full";
            case "registry" ->
                targets.size() == 1
                    ? "registry paused"
                    : "registry partitioned from " + targets.get(1);
            default -> fault + " " + String.join(", ", targets);
          };
      return String.format(
          java.util.Locale.ROOT, "+%.2f s %s for %.2f s", at / 1000.0, what, hold / 1000.0);
    }
  }

  private final Scenario scenario;
  private final long seed;
  private final String seedFrom;
  private final Span duration;
  private final List<Event> schedule;
  private final Set<Peer> down = new java.util.HashSet<>();

  private Nemesis(
      Scenario scenario, long seed, String seedFrom, Span duration, List<Event> schedule) {
    this.scenario = scenario;
    this.seed = seed;
    this.seedFrom = seedFrom;
    this.duration = duration;
    this.schedule = schedule;
  }

  /** Reads {@code nemesis(...)}'s options and draws its schedule. */
  static Nemesis of(Scenario scenario, Map<String, ?> options, Long seedOverride) {
    Args.checkOptions("nemesis", options, OPTIONS);
    String example = "nemesis(seed: 42, duration: 20.s, faults: [crash, partition], peers: [...])";
    if (options.get("duration") == null) {
      throw new ScenarioError("nemesis(...) needs duration:", example);
    }
    Span duration = Args.span(options.get("duration"), "nemesis(duration:)");
    List<String> faults = list(options.get("faults"), "faults", example);
    for (String f : faults) {
      if (!FAULTS.contains(f)) {
        throw new ScenarioError("unknown nemesis fault '" + f + "'", String.join(", ", FAULTS));
      }
    }
    List<String> peers = new ArrayList<>();
    for (String p : list(options.get("peers"), "peers", example)) {
      peers.add(scenario.nameOf(p));
    }
    List<String> pausable =
        peers.stream().filter(p -> scenario.peers().get(p).ownProcess()).toList();
    if (faults.contains("pause") && pausable.isEmpty()) {
      throw new ScenarioError(
          "nemesis fault 'pause' needs a process peer among " + peers + " (SIGSTOP)",
          "peer('" + peers.get(0) + "', process: true), or leave pause out");
    }
    boolean linkFaults =
        faults.stream().anyMatch(f -> !ON_ONE_PEER.contains(f) && !f.equals("registry"));
    if (faults.contains("registry") && scenario.peers().isEmpty()) {
      throw new ScenarioError("nemesis fault 'registry' needs peers", example);
    }
    if (linkFaults && peers.size() < 2) {
      throw new ScenarioError("nemesis link faults need two peers or more", example);
    }
    for (String f : faults) { // host peers take no proxy faults, and partitions only among hosts
      if (!Set.of("crash", "pause", "registry").contains(f)) {
        for (int i = 0; i < peers.size(); i++) {
          for (int j = i + 1; j < peers.size(); j++) {
            scenario.link(peers.get(i), peers.get(j)).check(f);
          }
        }
      }
    }
    long seed;
    String from;
    if (seedOverride != null) {
      seed = seedOverride;
      from = "from --seed / -Dp2pchat.seed";
    } else if (options.get("seed") instanceof Number n) {
      seed = n.longValue();
      from = "from the file";
    } else if (options.get("seed") == null) {
      seed = new SecureRandom().nextInt(1_000_000);
      from = "drawn; replay with --seed " + seed;
    } else {
      throw new ScenarioError(
          "nemesis(seed: " + options.get("seed") + ") must be a number", example);
    }
    return new Nemesis(
        scenario, seed, from, duration, schedule(seed, duration, faults, peers, pausable));
  }

  /** The schedule a seed gives: one fault at a time, each healed before the next. */
  static List<Event> schedule(
      long seed, Span duration, List<String> faults, List<String> peers, List<String> pausable) {
    Random r = new Random(seed);
    List<Event> events = new ArrayList<>();
    long total = duration.toMillis();
    long t = 0;
    while (true) {
      t += 200 + r.nextInt(600);
      String fault = faults.get(r.nextInt(faults.size()));
      long hold = 300 + r.nextInt(1700);
      List<String> targets;
      if (fault.equals("crash") || MACHINE.contains(fault)) {
        targets = List.of(peers.get(r.nextInt(peers.size())));
      } else if (fault.equals("pause")) {
        targets = List.of(pausable.get(r.nextInt(pausable.size())));
      } else if (fault.equals("registry")) { // paused for all, or partitioned from one peer
        int i = r.nextInt(peers.size() + 1);
        targets = i == peers.size() ? List.of("registry") : List.of("registry", peers.get(i));
      } else {
        int i = r.nextInt(peers.size());
        int j = (i + 1 + r.nextInt(peers.size() - 1)) % peers.size();
        targets = List.of(peers.get(i), peers.get(j));
      }
      long amount =
          switch (fault) {
            case "latency" -> 20 + r.nextInt(280);
            case "drop", "reset" -> 100 + r.nextInt(400);
            case "slicer" -> 1 + r.nextInt(8);
            case "clock" -> (r.nextBoolean() ? 1 : -1) * (5 + r.nextInt(86)) * 1000L; // ±5–90 s
            default -> 0;
          };
      if (t + hold > total) {
        return List.copyOf(events);
      }
      events.add(new Event(t, hold, fault, targets, amount));
      t += hold;
    }
  }

  /** Runs the schedule on this thread, then heals what it broke. */
  void run() {
    scenario.note(
        "nemesis seed "
            + seed
            + " ("
            + seedFrom
            + "): "
            + schedule.size()
            + " faults in "
            + duration);
    long t0 = System.nanoTime();
    try {
      for (Event e : schedule) {
        waitUntil(t0, e.at());
        boolean applied = apply(e);
        scenario.note("nemesis " + e.describe() + (applied ? "" : " — skipped, the peer is down"));
        waitUntil(t0, e.at() + e.hold());
        if (applied) {
          heal(e);
        }
      }
      waitUntil(t0, duration.toMillis());
    } finally {
      healAll();
    }
  }

  private boolean apply(Event e) {
    String why = "nemesis: ";
    switch (e.fault()) {
      case "crash" -> {
        Peer p = scenario.peers().get(e.targets().get(0));
        if (p.isDown()) {
          return false;
        }
        p.crashNow(why);
        down.add(p);
      }
      case "pause" -> {
        Peer p = scenario.peers().get(e.targets().get(0));
        if (!p.isRunning()) {
          return false;
        }
        p.pauseNow(why);
      }
      case "clock", "disk" -> {
        Peer p = scenario.peers().get(e.targets().get(0));
        if (!p.isRunning()) {
          return false;
        }
        if (e.fault().equals("clock")) {
          p.faults().skew(Span.ofMillis(e.amount()), why);
        } else {
          p.faults().storage(true, why);
        }
      }
      case "registry" -> {
        if (e.targets().size() == 1) {
          scenario.registry().pauseNow(why + "registry paused");
        } else {
          String p = e.targets().get(1);
          scenario.registry().cutFrom(p, why + "registry partitioned from " + p);
        }
      }
      default -> {
        Link l = scenario.link(e.targets().get(0), e.targets().get(1));
        switch (e.fault()) {
          case "partition" -> l.partition();
          case "oneWay" -> l.partitionOneWay(e.targets().get(0), e.targets().get(1));
          case "latency" -> l.latency(Span.ofMillis(e.amount()));
          case "drop" -> l.flapNow(false, Span.ofMillis(e.amount()));
          case "reset" -> l.flapNow(true, Span.ofMillis(e.amount()));
          case "slicer" -> l.slicer((int) e.amount());
          default -> throw new IllegalStateException(e.fault());
        }
        String label = why + e.describe().replaceAll("^\\+\\S+ s | for .*$", "");
        scenario.timeline().mark(e.targets().get(0), "fault", label);
        scenario.timeline().mark(e.targets().get(1), "fault", label);
      }
    }
    return true;
  }

  private void heal(Event e) {
    String why = "nemesis heals: ";
    switch (e.fault()) {
      case "crash" -> {
        Peer p = scenario.peers().get(e.targets().get(0));
        down.remove(p);
        p.startAgain(why);
      }
      case "pause" -> scenario.peers().get(e.targets().get(0)).resumeNow(why);
      case "clock", "disk" -> {
        Peer p = scenario.peers().get(e.targets().get(0));
        heal1(p, e.fault(), why);
      }
      case "registry" -> {
        if (e.targets().size() == 1) {
          scenario.registry().resumeNow(why + "registry resumed");
        } else {
          scenario.registry().healFrom(e.targets().get(1), why + "registry partition");
        }
      }
      default -> {
        scenario.link(e.targets().get(0), e.targets().get(1)).healNow();
        scenario.timeline().mark(e.targets().get(0), "heal", why + e.fault());
        scenario.timeline().mark(e.targets().get(1), "heal", why + e.fault());
      }
    }
  }

  /** After the schedule (or a failure in it): every link healed, every peer it stopped back. */
  private void healAll() {
    scenario.healLinks();
    if (schedule.stream().anyMatch(e -> e.fault().equals("registry"))) {
      scenario.registry().resumeNow("nemesis heals: registry resumed");
    }
    for (Event e : schedule) {
      Peer p = e.targets().size() == 1 ? scenario.peers().get(e.targets().get(0)) : null;
      if (p != null && e.fault().equals("pause") && p.isPaused()) {
        p.resumeNow("nemesis heals: ");
      }
      if (p != null && MACHINE.contains(e.fault()) && p.faults().holds(e.fault())) {
        heal1(p, e.fault(), "nemesis heals: ");
      }
    }
    for (Peer p : List.copyOf(down)) {
      down.remove(p);
      p.startAgain("nemesis heals: ");
    }
  }

  /** A clock put right (also for a peer down: it starts right); a disk given room if running. */
  private static void heal1(Peer p, String fault, String why) {
    if (fault.equals("clock")) {
      p.faults().skew(new Span(0), why);
    } else if (p.isRunning()) { // a restarted agent has room again anyway
      p.faults().storage(false, why);
    }
  }

  private static void waitUntil(long t0, long atMillis) {
    long due = t0 + TimeUnit.MILLISECONDS.toNanos(atMillis);
    for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted during the nemesis schedule");
      }
    }
  }

  public long getSeed() {
    return seed;
  }

  public List<Event> getSchedule() {
    return schedule;
  }

  /** The schedule as text, one fault a line. */
  public List<String> describe() {
    return schedule.stream().map(Event::describe).toList();
  }

  String seedFrom() {
    return seedFrom;
  }

  private static List<String> list(Object value, String option, String example) {
    if (!(value instanceof List<?> items) || items.isEmpty()) {
      throw new ScenarioError("nemesis(...) needs " + option + ": [...]", example);
    }
    List<String> out = new ArrayList<>();
    for (Object o : items) {
      out.add(
          o instanceof Peer p
              ? p.getName()
              : o instanceof RegistryHandle ? "registry" : String.valueOf(o));
    }
    return out;
  }

  @Override
  public String toString() {
    return "nemesis seed " + seed + ", " + schedule.size() + " faults in " + duration;
  }
}
