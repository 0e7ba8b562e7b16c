package p2pchat.harness;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * The class path to give child JVMs: this JVM's own, unwrapping a manifest-only jar (what Maven
 * Surefire uses by default) into the entries its Class-Path lists. Stateless.
 */
final class Classpath {
  private Classpath() {}

  static String current() {
    String cp = System.getProperty("java.class.path", "");
    String[] entries = cp.split(File.pathSeparator);
    if (entries.length == 1 && entries[0].endsWith(".jar")) {
      try (JarFile jar = new JarFile(entries[0])) {
        String listed =
            jar.getManifest() == null
                ? null
                : jar.getManifest().getMainAttributes().getValue("Class-Path");
        if (listed != null && !listed.isBlank()) {
          List<String> out = new ArrayList<>();
          Path base = Path.of(entries[0]).toAbsolutePath().getParent();
          for (String url : listed.trim().split("\\s+")) {
            URI u = base.toUri().resolve(url);
            out.add(Path.of(u).toString());
          }
          return String.join(File.pathSeparator, out);
        }
      } catch (IOException | RuntimeException e) {
        return cp;
      }
    }
    return cp;
  }
}
