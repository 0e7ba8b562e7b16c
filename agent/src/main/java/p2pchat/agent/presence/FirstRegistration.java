package p2pchat.agent.presence;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pchat.agent.common.AgentMdc;

/**
 * How an agent's start waits for its first registration: a bounded while, after which the agent
 * runs on known addresses and the registration goes on in the background (a later failure is
 * logged); a refusal within that while (the name belongs to another key, say) stops the start.
 * Stateless.
 */
public final class FirstRegistration {
  private static final Logger log = LoggerFactory.getLogger(FirstRegistration.class);

  private FirstRegistration() {}

  /**
   * Waits up to {@code wait} for {@code registered}; returns why it failed if it failed within that
   * time, else null (registered, or still trying).
   */
  public static Throwable await(
      CompletableFuture<Void> registered, Duration wait, String agent, Object registry) {
    try {
      registered.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // INFO: presence has already said WARN once if the registry does not answer at all.
      log.info(
          "not registered with {} yet; {} runs on known addresses and keeps retrying",
          registry,
          agent);
      registered.whenComplete(
          (ok, failure) -> {
            if (failure != null) {
              new AgentMdc(agent).run(() -> log.error(describe(failure)));
            }
          });
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }

  /** One line for a failed registration. */
  public static String describe(Throwable failure) {
    return failure instanceof PresenceException
        ? failure.getMessage()
        : "registration failed: " + failure;
  }
}
