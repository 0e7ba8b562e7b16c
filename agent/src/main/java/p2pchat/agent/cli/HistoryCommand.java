package p2pchat.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import p2pchat.agent.Message;
import p2pchat.agent.Names;
import p2pchat.agent.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code p2pchat history}: the stored conversation, read-only, also beside a running agent. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Show stored messages (read-only; works while the agent runs).")
public final class HistoryCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  @Option(names = "--name", required = true, description = "whose history")
  String name;

  @Option(names = "--with", description = "only the conversation with this peer")
  String with;

  @Option(
      names = "--json",
      description =
          "one JSON object per line: id, from, to, text, direction, status, sentAt, receivedAt")
  boolean json;

  @Option(
      names = "--data-dir",
      description = "the agent's data directory (default: ~/.p2pchat/NAME)")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    if (!Names.valid(name)) {
      return Cli.fail(
          "history",
          "invalid peer name '" + name + "': use 1 to 64 letters, digits, '_', '.' or '-'");
    }
    if (with != null && !Names.valid(with)) {
      return Cli.fail(
          "history",
          "invalid peer name '"
              + with
              + "' for --with: use 1 to 64 letters, digits, '_', '.' or '-'");
    }
    Path dir = AgentOptions.dataDir(name, dataDir);
    if (!Files.isDirectory(dir)) {
      return Cli.fail(
          "history",
          "no data for "
              + name
              + " in "
              + dir
              + "; run 'p2pchat agent --name "
              + name
              + "' first or pass --data-dir");
    }
    List<Message> messages;
    try (Store store = Store.openReadOnly(dir, name)) {
      messages = store.history(with);
    } catch (RuntimeException e) {
      return Cli.fail("history", e.getMessage());
    }
    ObjectMapper mapper = new ObjectMapper();
    StringBuilder out = new StringBuilder();
    for (Message m : messages) {
      if (json) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", m.id());
        o.put("from", m.from());
        o.put("to", m.to());
        o.put("text", m.text());
        o.put("direction", m.direction().dbName());
        o.put("status", m.status().dbName());
        o.put("sentAt", m.sentAt());
        if (m.receivedAt() == null) {
          o.putNull("receivedAt");
        } else {
          o.put("receivedAt", m.receivedAt());
        }
        out.append(mapper.writeValueAsString(o)).append('\n');
      } else {
        out.append(TIME.format(Instant.ofEpochMilli(m.sentAt())))
            .append("  ")
            .append(m.from())
            .append(" -> ")
            .append(m.to())
            .append("  [")
            .append(m.status().dbName())
            .append("]  ")
            .append(m.text())
            .append('\n');
      }
    }
    System.out.print(out);
    System.out.flush();
    return 0;
  }
}
