package p2pchat.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one benchmark run found: numbers under snake_case keys for the JSON, and the rows of the
 * printed table (figure, value, its baseline from the same run, the ratio, the target). Not
 * thread-safe; filled by the one thread running the benchmarks.
 */
final class Results {
  /** How a value prints. */
  enum Unit {
    PER_S("%,.0f /s"),
    MS("%.2f ms"),
    S("%.2f s"),
    MB("%,.0f MB"),
    COUNT("%,.0f"),
    NS("%.1f ns"),
    US("%.1f us");

    final String format;

    Unit(String format) {
      this.format = format;
    }

    String show(double v) {
      return String.format(Locale.ROOT, format, v);
    }
  }

  /** One table line; {@code baseline} is null when the figure has none. */
  record Row(
      String figure, double value, Unit unit, String baselineName, Double baseline, String target) {

    /** The baseline column: its name and value, or empty. */
    String baselineText() {
      return baseline == null ? "" : baselineName + " " + unit.show(baseline).trim();
    }

    /** The ratio column, value over baseline, or empty. */
    String ratio() {
      return baseline == null || baseline == 0
          ? ""
          : String.format(Locale.ROOT, "%.2f", value / baseline);
    }
  }

  private final Map<String, Object> json = new LinkedHashMap<>();
  private final List<Object> lines = new ArrayList<>(); // Row, or a String heading/note

  void put(String key, double value) {
    json.put(
        key,
        Double.isFinite(value)
            ? new BigDecimal(value).round(new MathContext(6)).doubleValue()
            : null);
  }

  void putNull(String key) {
    json.put(key, null);
  }

  void putText(String key, String value) {
    json.put(key, value);
  }

  boolean has(String key) {
    return json.containsKey(key);
  }

  Double get(String key) {
    return json.get(key) instanceof Number n ? n.doubleValue() : null;
  }

  void heading(String text) {
    lines.add("-- " + text);
  }

  void note(String text) {
    lines.add("   " + text);
  }

  void row(String figure, double value, Unit unit, String target) {
    lines.add(new Row(figure, value, unit, null, null, target));
  }

  void row(
      String figure, double value, Unit unit, String baselineName, double baseline, String target) {
    lines.add(new Row(figure, value, unit, baselineName, baseline, target));
  }

  String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%-46s %14s   %-36s %7s   %s%n",
            "figure",
            "value",
            "baseline (same run)",
            "ratio",
            "target"));
    for (Object line : lines) {
      if (line instanceof Row r) {
        String base = r.baselineText();
        String ratio = r.ratio();
        sb.append(
            String.format(
                Locale.ROOT,
                "%-46s %14s   %-36s %7s   %s%n",
                r.figure(),
                r.unit().show(r.value()),
                base,
                ratio,
                r.target() == null ? "" : r.target()));
      } else {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }

  /** The rows as a Markdown table, for README and docs/performance.md. */
  String markdown() {
    StringBuilder sb =
        new StringBuilder(
            "| figure | value | baseline (same run) | ratio | target |\n|---|---:|---|---:|---|\n");
    for (Object line : lines) {
      if (line instanceof Row r) {
        String base = r.baselineText();
        String ratio = r.ratio();
        sb.append("| ")
            .append(r.figure())
            .append(" | ")
            .append(r.unit().show(r.value()).trim())
            .append(" | ")
            .append(base)
            .append(" | ")
            .append(ratio)
            .append(" | ")
            .append(r.target() == null ? "" : r.target())
            .append(" |\n");
      } else if (((String) line).startsWith("-- ")) {
        sb.append("| **").append(((String) line).substring(3)).append("** | | | | |\n");
      }
    }
    return sb.toString();
  }

  void writeJson(Path file) throws IOException {
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
  }

  Map<String, Object> json() {
    return json;
  }
}
