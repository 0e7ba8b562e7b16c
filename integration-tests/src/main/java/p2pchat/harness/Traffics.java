package p2pchat.harness;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A scenario's background traffic, all of it on one daemon thread made when first needed. */
final class Traffics {
  private final List<Traffic> all = new CopyOnWriteArrayList<>();
  private ScheduledExecutorService thread; // guarded by this

  synchronized void start(Traffic t) {
    if (thread == null) {
      thread =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread th = new Thread(r, "scenario-traffic");
                th.setDaemon(true);
                return th;
              });
    }
    all.add(t);
    t.start(thread);
  }

  boolean isEmpty() {
    return all.isEmpty();
  }

  /** Waits for every traffic to have sent all it was to send. */
  void await() {
    all.forEach(Traffic::await);
  }

  synchronized void stop() {
    all.forEach(Traffic::stop);
    if (thread != null) {
      thread.shutdownNow();
    }
  }
}
