package p2pchat.agent.cli.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;

/**
 * A chat through a pipe: lines in, the prototype's plain lines out, no colour, no marks. {@link
 * #show} is synchronized so lines from agent threads never interleave.
 */
public final class PipeIo implements ChatIo {
  private final BufferedReader in;
  private final PrintStream out;

  public PipeIo(BufferedReader in, PrintStream out) {
    this.in = in;
    this.out = out;
  }

  @Override
  public String readLine(String prompt) throws IOException {
    if (!prompt.isEmpty()) {
      synchronized (this) {
        out.print(prompt);
        out.flush();
      }
    }
    return in.readLine();
  }

  @Override
  public synchronized void show(String line) {
    out.println(line);
    out.flush();
  }

  @Override
  public boolean decorated() {
    return false;
  }
}
