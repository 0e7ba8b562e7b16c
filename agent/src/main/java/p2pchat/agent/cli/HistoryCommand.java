package p2pchat.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import p2pchat.agent.Message;
import p2pchat.agent.Names;
import p2pchat.agent.cli.chat.HistoryRows;
import p2pchat.agent.cli.chat.MembershipWords;
import p2pchat.agent.rooms.RoomNames;
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

  @Option(
      names = "--with",
      description =
          "only the conversation with this peer, or in this room ('#ops': each message once, with"
              + " its members' delivery)")
  String with;

  @Option(
      names = "--json",
      description =
          "one JSON object per line: id, from, to, text, direction, status, sentAt, receivedAt;"
              + " in a room also room, and for a message sent there delivered, recipients and"
              + " delivery (each member's status); a membership change is type membership with"
              + " its members")
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
    if (with != null && RoomNames.isRoom(with) && !RoomNames.valid(with)) {
      return Cli.fail("history", roomRule(with) + " (--with)");
    }
    if (with != null && !RoomNames.isRoom(with) && !Names.valid(with)) {
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
    if (with != null && !RoomNames.isRoom(with)) {
      messages = messages.stream().filter(m -> m.room() == null).toList(); // the pair's own
    }
    ObjectMapper mapper = new ObjectMapper();
    StringBuilder out = new StringBuilder();
    for (HistoryRows.Row row : HistoryRows.of(messages, true)) {
      if (json) {
        out.append(mapper.writeValueAsString(json(mapper, row))).append('\n');
      } else {
        out.append(HistoryRows.text(row, TIME)).append('\n');
      }
    }
    System.out.print(out);
    System.out.flush();
    return 0;
  }

  /** A row as JSON: a direct message as it always was; room rows say more. */
  private static ObjectNode json(ObjectMapper mapper, HistoryRows.Row row) {
    Message m = row.message();
    ObjectNode o = mapper.createObjectNode();
    o.put("id", m.id());
    o.put("from", m.from());
    o.put("to", m.room() != null ? m.room() : m.to());
    if (row.isMembership()) {
      o.put("type", "membership");
      o.put("text", row.words());
      MembershipWords.membership(m)
          .ifPresent(ms -> ms.members().forEach(o.putArray("members")::add));
    } else {
      o.put("text", m.text());
    }
    o.put("direction", m.direction().dbName());
    o.put("status", row.status().dbName());
    o.put("sentAt", m.sentAt());
    if (m.receivedAt() == null) {
      o.putNull("receivedAt");
    } else {
      o.put("receivedAt", m.receivedAt());
    }
    if (m.room() != null) {
      o.put("room", m.room());
    }
    if (m.room() != null && m.direction() == Message.Direction.OUT && !row.isMembership()) {
      o.put("delivered", row.deliveredCopies());
      o.put("recipients", row.copies().size());
      ObjectNode delivery = o.putObject("delivery");
      row.copies().forEach(c -> delivery.put(c.to(), c.status().dbName()));
    }
    return o;
  }

  /** The room-name rule's own words for {@code room}. */
  static String roomRule(String room) {
    try {
      RoomNames.check(room);
      return room + " is a valid room name";
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
