package p2pchat.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/**
 * One extracted copy of sqlite-jdbc's native library per user and version, shared by every JVM the
 * harness starts. Left to itself, sqlite-jdbc extracts a ~1 MB copy into the temp directory for
 * each process, and a process killed with -9 never removes its copy. Here it is extracted once into
 * {@code ${java.io.tmpdir}/p2pchat-USER/sqlite-VERSION/OS/ARCH/} (written beside, then moved into
 * place, so concurrent JVMs never load half a file) and sqlite-jdbc is pointed at it ({@code
 * org.sqlite.lib.path}, {@code org.sqlite.lib.name}, {@code org.sqlite.tmpdir}). Must run before
 * the first database opens; idempotent; thread-safe.
 */
public final class SqliteNative {
  private SqliteNative() {}

  /** Points this JVM at the shared copy, extracting it first if needed. */
  public static synchronized void share() {
    if (System.getProperty("org.sqlite.lib.path") != null) {
      return; // set already (a child started with jvmOptions(), or by hand)
    }
    String folder = OSInfo.getNativeLibFolderPathForCurrentOS();
    String name = System.mapLibraryName("sqlitejdbc");
    if (name.endsWith(".jnilib")) {
      name = name.replace(".jnilib", ".dylib");
    }
    Path dir =
        Path.of(System.getProperty("java.io.tmpdir"))
            .resolve("p2pchat-" + System.getProperty("user.name", "user"))
            .resolve("sqlite-" + SQLiteJDBCLoader.getVersion())
            .resolve(folder);
    Path lib = dir.resolve(name);
    try (InputStream in =
        SQLiteJDBCLoader.class.getResourceAsStream("/org/sqlite/native/" + folder + "/" + name)) {
      if (in == null) {
        return; // no bundled library for this platform: sqlite-jdbc finds its own
      }
      if (!Files.isRegularFile(lib)) {
        Files.createDirectories(dir);
        Path part = Files.createTempFile(dir, name, ".part");
        Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      return; // cannot write there: sqlite-jdbc's own extraction still works
    }
    System.setProperty("org.sqlite.lib.path", dir.toString());
    System.setProperty("org.sqlite.lib.name", name);
    System.setProperty("org.sqlite.tmpdir", dir.toString());
  }

  /** The {@code -D} options that give a child JVM the same shared copy. */
  public static List<String> jvmOptions() {
    share();
    String path = System.getProperty("org.sqlite.lib.path");
    if (path == null) {
      return List.of();
    }
    return List.of(
        "-Dorg.sqlite.lib.path=" + path,
        "-Dorg.sqlite.lib.name=" + System.getProperty("org.sqlite.lib.name"),
        "-Dorg.sqlite.tmpdir=" + System.getProperty("org.sqlite.tmpdir"));
  }
}
