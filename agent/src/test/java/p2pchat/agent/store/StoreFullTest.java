package p2pchat.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.Durability;
import p2pchat.agent.Message;

/** A database that may not grow, as on a full disk: writes fail, nothing accepted is lost. */
class StoreFullTest {
  @TempDir Path dir;

  @Test
  void onAFullDiskSendsFailWithAClearErrorAndEverythingAcceptedStaysAndWritesResume() {
    try (Store store = Store.open(dir, "Sam", Durability.NORMAL)) {
      store.limitGrowth(true).join();
      String text = "x".repeat(2_000);
      List<Message> accepted = new ArrayList<>();
      String refusal = null;
      for (int i = 0; i < 500 && refusal == null; i++) {
        try {
          accepted.add(store.enqueue(Outgoing.text("Carol", text + i)).join());
        } catch (CompletionException e) {
          refusal = e.getCause().getMessage();
        }
      }
      assertThat(refusal).as("a full database refuses writes").isNotNull().contains("full");
      store.limitGrowth(false).join();
      Message after = store.enqueue(Outgoing.text("Carol", "room again")).join();
      List<String> stored = store.history("Carol").stream().map(Message::id).toList();
      assertThat(stored)
          .containsAll(accepted.stream().map(Message::id).toList())
          .contains(after.id());
    }
  }
}
