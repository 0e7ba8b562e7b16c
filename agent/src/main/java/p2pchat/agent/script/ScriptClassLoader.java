package p2pchat.agent.script;

import groovy.lang.GroovyClassLoader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.SourceUnit;

/**
 * The class loader of one load of one script (a new one per load, so a hot reload lets the old
 * classes be collected). While compiling it records, for every generated class (the script and each
 * closure), a fingerprint of the source text it came from, so a stored timer closure can be matched
 * to the same block of code after an edit. Used by the loading thread, then read-only.
 */
final class ScriptClassLoader extends GroovyClassLoader {

  private final String[] lines;
  private final Map<String, String> fingerprints = new HashMap<>();

  ScriptClassLoader(ClassLoader parent, CompilerConfiguration config, String source) {
    super(parent, config);
    this.lines = source.split("\r?\n", -1);
  }

  Map<String, String> fingerprints() {
    return fingerprints;
  }

  @Override
  protected ClassCollector createCollector(CompilationUnit unit, SourceUnit su) {
    return new ClassCollector(new InnerLoader(this), unit, su) {
      @Override
      protected Class<?> createClass(byte[] code, ClassNode node) {
        if (node.getLineNumber() > 0 && node.getLastLineNumber() >= node.getLineNumber()) {
          fingerprints.put(node.getName(), fingerprint(node));
        }
        return super.createClass(code, node);
      }
    };
  }

  private String fingerprint(ClassNode node) {
    StringBuilder text = new StringBuilder();
    int first = node.getLineNumber();
    int last = Math.min(node.getLastLineNumber(), lines.length);
    for (int l = first; l <= last; l++) {
      String line = lines[l - 1];
      int from = l == first ? Math.min(Math.max(node.getColumnNumber() - 1, 0), line.length()) : 0;
      int to =
          l == last
              ? Math.min(Math.max(node.getLastColumnNumber() - 1, from), line.length())
              : line.length();
      text.append(line, from, to).append('\n');
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  text.toString()
                      .replaceAll("(?m)^\\s+|\\s+$", "")
                      .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
