package p2pchat.agent.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5: one Netty event loop group of two threads for all the tests of a class, shut down after
 * the last one. Register it in a static field: {@code @RegisterExtension static final EventLoops
 * loops = new EventLoops();}, then {@code loops.group()}. Used by one test class at a time.
 */
final class EventLoops implements BeforeAllCallback, AfterAllCallback {
  private EventLoopGroup group;

  EventLoopGroup group() {
    return group;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
