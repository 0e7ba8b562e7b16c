package p2pchat.agent.transport;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import p2pchat.agent.identity.Identity;

/**
 * Test fixture: one agent's worth of transport with an in-memory outbox and inbox, registered in a
 * shared {@link Directory}. Not thread-safe; drive it from the test thread.
 */
final class Node implements AutoCloseable {
  final String name;
  final Identity identity;
  final MemoryOutbox outbox;
  final RecordingInbox inbox = new RecordingInbox();
  private final TransportConfig config;
  private final EventLoopGroup group;
  private final Directory directory;
  private final ExecutorService outboxThread;
  Transport transport;
  InetSocketAddress address;

  Node(String name, TransportConfig config, EventLoopGroup group, Directory directory) {
    this.name = name;
    this.identity = Identity.generate();
    this.config = config;
    this.group = group;
    this.directory = directory;
    this.outbox = new MemoryOutbox(name);
    this.outboxThread =
        Executors.newSingleThreadExecutor(r -> new Thread(r, "agent-" + name + "-outbox"));
  }

  /** Starts (or restarts) the transport on {@code port} (0 = any) and registers the address. */
  Node start(int port) {
    transport =
        new Transport(config, name, identity, group, outboxThread, directory, outbox, inbox);
    try {
      address = transport.listen("127.0.0.1", port);
    } catch (TransportException e) {
      transport.abort(); // nothing listens: let a retry start afresh
      throw e;
    }
    directory.put(new DialTarget(name, "127.0.0.1", address.getPort(), identity.publicKey()));
    return this;
  }

  void send(String to, String text) {
    outbox.add(to, text);
    transport.wake(to);
  }

  @Override
  public void close() {
    if (transport != null) {
      transport.abort();
    }
    outboxThread.shutdownNow();
  }
}
