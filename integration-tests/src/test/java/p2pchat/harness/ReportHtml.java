package p2pchat.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Reading a scenario's HTML report in tests: its parts and how often a piece stands in it. */
final class ReportHtml {
  private ReportHtml() {}

  /** The SVG with this class, parsed as XML (it must be well-formed) and returned as text. */
  static String svg(String html, String cls) throws Exception {
    int start = html.indexOf("<svg class=\"" + cls + "\"");
    assertThat(start).as("an <svg class=\"%s\">", cls).isNotNegative();
    String svg = html.substring(start, html.indexOf("</svg>", start) + "</svg>".length());
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    return svg;
  }

  /** The text from {@code from} (which must stand in {@code html}) up to {@code to}. */
  static String between(String html, String from, String to) {
    int start = html.indexOf(from);
    assertThat(start).as(from).isNotNegative();
    return html.substring(start, html.indexOf(to, start));
  }

  /** How many times {@code what} stands in {@code text}, not overlapping. */
  static int count(String text, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
