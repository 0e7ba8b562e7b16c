package p2pchat.agent.presence;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pchat.agent.presence.RegistryJson.Lease;
import p2pchat.agent.presence.RegistryJson.Registered;

/**
 * The register-then-heartbeat loop of one agent. Registers (POST), then renews the lease every
 * heartbeat, never slower than a third of the lease the registry grants: by the lease token the
 * last answer issued, through the process's {@link LeaseRenewer} (one request for many agents),
 * else (no token: the first renewal, after a lost answer or a refused token) by a signed heartbeat
 * (PUT presence), whose answer issues a new token. A stale epoch (409: a newer session exists) or a
 * forgotten name (404) makes it register again; while the registry does not answer it retries with
 * backoff and keeps its epoch. A name held by another key (409 on register) is fatal, and so is a
 * registry whose TLS certificate is not trusted at the first registration. Thread-safe; one step in
 * flight at a time.
 */
final class Registration extends RegistryLoop {
  private static final Logger log = LoggerFactory.getLogger(Registration.class);
  private static final Duration MIN_INTERVAL = Duration.ofMillis(20);

  private final String self;
  private final Duration heartbeat;
  private final LeaseRenewer renewer;
  private final CompletableFuture<Void> registered = new CompletableFuture<>();
  private volatile String host;
  private volatile int port;
  private long epoch = -1; // -1: must register; guarded by this
  private String leaseToken; // null: the next renewal is signed; guarded by this
  private Duration interval; // guarded by this

  Registration(String self, LeaseRenewer renewer, Parts parts) {
    super(parts);
    this.self = self;
    this.renewer = renewer;
    this.heartbeat = parts.config().heartbeat();
    this.interval = parts.config().heartbeat();
  }

  CompletableFuture<Void> start(String advertisedHost, int advertisedPort) {
    this.host = advertisedHost;
    this.port = advertisedPort;
    pacer.now();
    return registered;
  }

  /** The epoch of the current registration, -1 before the first one. */
  synchronized long epoch() {
    return epoch;
  }

  /**
   * Stops the loop; with {@code sayAway}, then tells the registry we leave (after any request in
   * flight).
   */
  CompletableFuture<Void> stop(boolean sayAway) {
    pacer.stop();
    registered.completeExceptionally(
        new PresenceException("presence stopped before " + self + " was registered"));
    if (sayAway && epoch() >= 0) {
      return client.away();
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  void step() {
    long current;
    String token;
    synchronized (this) {
      current = epoch;
      token = leaseToken;
      leaseToken = null; // a token renews once; the answer brings the next
    }
    guarded(
        () -> {
          if (current < 0) {
            client
                .register(host, port)
                .whenComplete((r, e) -> mdc.run(() -> guarded(() -> afterRegister(r, e))));
          } else if (token != null) {
            renewer
                .renew(self, current, token)
                .whenComplete((o, e) -> mdc.run(() -> guarded(() -> afterRenewal(current, o, e))));
          } else {
            client
                .heartbeat(host, port, current)
                .whenComplete(
                    (l, e) -> mdc.run(() -> guarded(() -> afterHeartbeat(current, l, e))));
          }
        });
  }

  @Override
  void stepFailed(RuntimeException bug) {
    log.error("presence heartbeat step failed; retrying", bug);
  }

  private void afterRegister(Registered answer, Throwable failure) {
    if (pacer.stopped()) {
      return;
    }
    if (failure == null) {
      reachability.up();
      synchronized (this) {
        epoch = answer.epoch();
        leaseToken = answer.leaseToken();
        backoff.reset();
      }
      log.info(
          "registered {} at {}:{} with registry {} (epoch {})",
          self,
          host,
          port,
          client.base(),
          answer.epoch());
      registered.complete(null);
      pacer.after(currentInterval(), false);
      return;
    }
    String tls = RegistryException.of(failure).tlsProblem(client.base());
    if (tls != null && !registered.isDone()) {
      fatal(tls); // a certificate refused at start stays refused: retrying would hide it
      return;
    }
    if (tls != null) {
      log.warn("{}; retrying", tls); // it was trusted before: say why the registry seems gone
    }
    RegistryException e = answered(failure);
    if (e == null) {
      return;
    }
    if (e.status() == 409) {
      fatal(
          "the name "
              + self
              + " is registered to another key at "
              + client.base()
              + "; choose another name or run with the data directory that holds its key");
    } else if (e.status() == 401) {
      log.warn(
          "registry {} refused the signature of {} ({}); check this machine's clock; retrying",
          client.base(),
          self,
          e.getMessage());
      retry();
    } else {
      fatal(
          "registry "
              + client.base()
              + " refused to register "
              + self
              + " at "
              + host
              + ":"
              + port
              + ": "
              + e.getMessage());
    }
  }

  /** The registry's refusal, or null when it could not be reached (then a retry is already set). */
  private RegistryException answered(Throwable failure) {
    RegistryException e = RegistryException.of(failure);
    if (e.unreachable()) {
      reachability.down(e);
      retry();
      return null;
    }
    reachability.up();
    return e;
  }

  private void afterHeartbeat(long sentEpoch, Lease lease, Throwable failure) {
    if (pacer.stopped()) {
      return;
    }
    if (failure == null) {
      renewed(sentEpoch, lease.leaseMillis(), lease.leaseToken());
      return;
    }
    RegistryException e = answered(failure);
    if (e == null) {
      return;
    }
    if (e.status() == 409 || e.status() == 404) {
      log.info(
          "registry {} {} epoch {} ({}); registering again",
          client.base(),
          e.status() == 409 ? "has a newer session than" : "no longer knows",
          sentEpoch,
          e.getMessage());
      synchronized (this) {
        if (epoch == sentEpoch) {
          epoch = -1;
        }
      }
      pacer.now();
    } else {
      // 401 after a registry lost its state (it no longer has our key), or something unexpected:
      // registering again is the way back in either case, after a pause.
      log.warn(
          "registry {} refused the heartbeat of {} ({} {}); registering again",
          client.base(),
          self,
          e.status(),
          e.getMessage());
      synchronized (this) {
        if (epoch == sentEpoch) {
          epoch = -1;
        }
      }
      retry();
    }
  }

  /** A renewal went through: keep the next token, pace the next renewal by the lease granted. */
  private void renewed(long sentEpoch, long leaseMillis, String nextToken) {
    reachability.up();
    synchronized (this) {
      backoff.reset();
      if (epoch == sentEpoch) {
        leaseToken = nextToken;
      }
      long ttlThird = leaseMillis / 3;
      interval =
          ttlThird > 0 && ttlThird < heartbeat.toMillis()
              ? Duration.ofMillis(Math.max(ttlThird, MIN_INTERVAL.toMillis()))
              : heartbeat;
    }
    pacer.after(currentInterval(), false);
  }

  private void afterRenewal(long sentEpoch, LeaseRenewer.Outcome outcome, Throwable failure) {
    if (pacer.stopped()) {
      return;
    }
    if (failure == null && outcome.renewed()) {
      renewed(sentEpoch, outcome.leaseMillis(), outcome.result().leaseToken());
      return;
    }
    if (failure != null && answered(failure) == null) {
      return; // unreachable: the token may be spent; the retry sends a signed heartbeat
    }
    // Refused (token used, lease over, session replaced, name gone): a signed heartbeat now
    // renews with proof of the key, or its answer says to register again.
    String why =
        failure != null
            ? RegistryException.of(failure).getMessage()
            : outcome.result().code() + " " + outcome.result().message();
    log.debug(
        "registry {} refused the lease renewal of {} ({}); sending a signed heartbeat",
        client.base(),
        self,
        why);
    pacer.now();
  }

  private synchronized Duration currentInterval() {
    return interval;
  }

  private void fatal(String message) {
    // Whoever waits on the registration future reports it (the CLI in one line); logging it here
    // too would print the same error twice.
    log.debug(message);
    pacer.stop();
    registered.completeExceptionally(new PresenceException(message));
  }
}
