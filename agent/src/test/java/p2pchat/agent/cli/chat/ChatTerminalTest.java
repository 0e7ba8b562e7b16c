package p2pchat.agent.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.rooms.Membership;

/** The terminal chat's JLine side, driven through a virtual terminal with keys typed ahead. */
class ChatTerminalTest {
  private static final List<PeerInfo> PEERS =
      List.of(
          new PeerInfo("Carol", PeerInfo.ONLINE, "127.0.0.1", 1, null),
          new PeerInfo("Dan", PeerInfo.AWAY, "127.0.0.1", 2, null),
          new PeerInfo("Sam", PeerInfo.ONLINE, "127.0.0.1", 3, null));
  private static final List<Membership> ROOMS =
      List.of(Membership.create("#ops", "Sam", List.of("Carol", "Dan")));

  private static Terminal terminal(String type, java.io.InputStream keys, ByteArrayOutputStream out)
      throws IOException {
    return TerminalBuilder.builder()
        .system(false)
        .streams(keys, out)
        .type(type)
        .encoding(StandardCharsets.UTF_8)
        .build();
  }

  /** The lines JLine hands over for {@code keys}, typed ahead into a terminal that stays open. */
  private static List<String> typed(String type, String keys, int lines) throws IOException {
    PipedOutputStream keyboard = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(keyboard, 64 * 1024);
    keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
    keyboard.flush();
    try (Terminal t = terminal(type, in, new ByteArrayOutputStream())) {
      TerminalIo io =
          TerminalIo.open(
              t, new ChatCompleter("Sam", () -> PEERS, () -> ROOMS), null, Map.of("NO_COLOR", "1"));
      List<String> read = new ArrayList<>();
      while (read.size() < lines) {
        read.add(io.readLine("Sam> "));
      }
      keyboard.close();
      return read;
    }
  }

  @Test
  void tabCompletesPeersRoomsAndCommandsWhereEachIsTaken() throws IOException {
    assertThat(
            typed(
                "xterm-256color",
                "/to Ca\t\n/to #o\t\n/inv\t#ops E\t\n/remove #ops D\t\n/cr\t\nsee you Da\t\n",
                6))
        .containsExactly(
            "/to Carol ",
            "/to #ops ",
            "/invite #ops E",
            "/remove #ops Dan ",
            "/create ",
            "see you Dan ");
  }

  @Test
  void whatIsTypedIsSentAsTypedQuotesBackslashesAndBangsIncluded() throws IOException {
    assertThat(typed("xterm-256color", "don't \"quote\" C:\\temp !! wow!x\n", 1))
        .containsExactly("don't \"quote\" C:\\temp !! wow!x");
  }

  @Test
  void aDumbTerminalStillReadsLinesWithoutCompletion() throws IOException {
    assertThat(typed(Terminal.TYPE_DUMB, "hello\n/to Ca\t\n", 2))
        .containsExactly("hello", "/to Ca\t"); // JLine completes nothing where it cannot redraw
  }

  @Test
  void colourOnlyWhereTheTerminalHasItAndNoColorIsNotSet() throws IOException {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    try (Terminal xterm =
            terminal("xterm-256color", new ByteArrayInputStream(new byte[0]), screen);
        Terminal dumb =
            terminal(Terminal.TYPE_DUMB, new ByteArrayInputStream(new byte[0]), screen)) {
      assertThat(TerminalIo.colourWanted(xterm, Map.of())).isTrue();
      assertThat(TerminalIo.colourWanted(xterm, Map.of("NO_COLOR", "1"))).isFalse();
      assertThat(TerminalIo.colourWanted(dumb, Map.of())).isFalse();
      ChatCompleter none = new ChatCompleter("Sam", List::of, List::of);
      assertThat(TerminalIo.open(xterm, none, null, Map.of()).paint(ChatIo.Ink.NAME, "Carol"))
          .contains("\u001b[")
          .contains("Carol");
      assertThat(
              TerminalIo.open(xterm, none, null, Map.of("NO_COLOR", "1"))
                  .paint(ChatIo.Ink.NAME, "Carol"))
          .isEqualTo("Carol");
    }
  }
}
