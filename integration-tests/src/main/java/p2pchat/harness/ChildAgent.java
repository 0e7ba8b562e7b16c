package p2pchat.harness;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentConfig;
import p2pchat.agent.AgentRuntime;
import p2pchat.agent.Durability;

/**
 * The main class of a process-mode peer: the real agent (as {@code p2pchat agent} runs it) plus a
 * line protocol on stdin/stdout so that the harness can make it send:
 *
 * <pre>
 * stdout: agent NAME listening on HOST:PORT        once it is up
 * stdin:  send REQ TO BASE64(TEXT) [BASE64(DATA)]
 * stdout: queued REQ ID SEQ SENTAT OFFLINE        once durably in the outbox (or: failed REQ WHY)
 * stdin:  room REQ WORD #ROOM [NAME...]             create, invite, remove, leave
 * stdin:  disk REQ full|ok                         the database as on a full disk, or not
 * stdin:  clock REQ MILLIS                         the agent's clock skewed by MILLIS (0: right)
 * stdout: roomed REQ                              once committed (or: failed REQ WHY)
 * </pre>
 *
 * It listens on {@code --host} (default 127.0.0.1) and advertises {@code --advertise} (default:
 * that host) and {@code --advertise-port} (default: the port it bound). SIGTERM stops it gracefully
 * (shutdown hook), SIGKILL is the crash; end of stdin (the harness went away) stops it too, so no
 * child outlives its harness.
 */
public final class ChildAgent {
  private ChildAgent() {}

  public static void main(String[] args) throws Exception {
    SqliteNative.share();
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i], args[i + 1]);
    }
    AgentConfig config =
        AgentConfig.of(
                o.get("--name"),
                URI.create(o.get("--discovery").split(",")[0]),
                Path.of(o.get("--data-dir")))
            .withDiscovery(
                java.util.Arrays.stream(o.get("--discovery").split(",")).map(URI::create).toList())
            .withListen(
                o.getOrDefault("--host", "127.0.0.1"),
                Integer.parseInt(o.getOrDefault("--port", "0")))
            .withAdvertisedHost(o.get("--advertise"))
            .withAdvertisedPort(Integer.parseInt(o.getOrDefault("--advertise-port", "0")))
            .withHeartbeat(
                Duration.ofMillis(Long.parseLong(o.getOrDefault("--heartbeat-ms", "1000"))))
            .withDurability(Durability.valueOf(o.getOrDefault("--durability", "FULL")))
            .withClockSkew(
                Duration.ofMillis(Long.parseLong(o.getOrDefault("--clock-skew-ms", "0"))));
    if (o.containsKey("--script")) {
      config = config.withScript(Path.of(o.get("--script")));
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    AgentRuntime runtime = AgentRuntime.create();
    Agent agent;
    try {
      agent = Agent.start(config, runtime);
    } catch (RuntimeException e) {
      System.err.println("p2pchat agent: " + e.getMessage());
      System.exit(1);
      return;
    }
    java.util.concurrent.atomic.AtomicBoolean hooked =
        new java.util.concurrent.atomic.AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  hooked.set(true);
                  agent.stop();
                },
                "agent-shutdown"));
    out.printf(
        "agent %s listening on %s:%d%n",
        agent.name(), config.advertised(), agent.address().getPort());
    agent
        .terminated()
        .thenRun(
            () -> {
              if (!hooked
                  .get()) { // stopped by its script; System.exit inside the shutdown hook would
                // hang
                System.exit(0);
              }
            });
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Base64.Decoder b64 = Base64.getDecoder();
    for (String line; (line = in.readLine()) != null; ) {
      String[] f = line.split(" ");
      if (f.length >= 3 && f[0].equals("disk")) {
        String req = f[1];
        answerWhenDone(out, req, agent.fillStorage(f[2].equals("full")));
        continue;
      }
      if (f.length >= 3 && f[0].equals("clock")) {
        agent.skewClock(java.time.Duration.ofMillis(Long.parseLong(f[2])));
        synchronized (out) {
          out.println("roomed " + f[1]);
        }
        continue;
      }
      if (f.length >= 4 && f[0].equals("room")) {
        String req = f[1];
        try {
          answerWhenDone(
              out,
              req,
              RoomWords.apply(agent, f[2], f[3], java.util.Arrays.asList(f).subList(4, f.length)));
        } catch (RuntimeException e) {
          synchronized (out) {
            out.println("failed " + req + " " + e.getMessage());
          }
        }
        continue;
      }
      if (f.length >= 4 && f[0].equals("send")) {
        String req = f[1];
        String text = new String(b64.decode(f[3]), StandardCharsets.UTF_8);
        String data = f.length > 4 ? new String(b64.decode(f[4]), StandardCharsets.UTF_8) : null;
        try {
          agent
              .send(f[2], text, data, null)
              .whenComplete(
                  (m, e) -> {
                    synchronized (out) {
                      if (e != null) {
                        out.println(
                            "failed "
                                + req
                                + " "
                                + String.valueOf(e.getMessage()).replace('\n', ' '));
                      } else {
                        out.println(
                            "queued "
                                + req
                                + " "
                                + m.id()
                                + " "
                                + m.seq()
                                + " "
                                + m.sentAt()
                                + " "
                                + m.offline());
                      }
                    }
                  });
        } catch (RuntimeException e) {
          synchronized (out) {
            out.println("failed " + req + " " + e.getMessage());
          }
        }
      }
    }
    agent.stop();
    System.exit(0);
  }

  /** {@code roomed REQ} once {@code done} completes, {@code failed REQ WHY} if it fails. */
  private static void answerWhenDone(
      PrintStream out, String req, java.util.concurrent.CompletableFuture<?> done) {
    done.whenComplete(
        (v, e) -> {
          synchronized (out) {
            out.println(
                e == null
                    ? "roomed " + req
                    : "failed " + req + " " + String.valueOf(e.getMessage()));
          }
        });
  }
}
