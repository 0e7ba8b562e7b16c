package p2pchat.harness;

import groovy.lang.Binding;
import groovy.lang.GroovyCodeSource;
import groovy.lang.GroovyShell;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * Compiles a scenario file with {@link ScenarioScript} as its base class, the harness types
 * pre-imported, conditions turned into power asserts and the blocks with host peers found. A
 * compile error becomes a {@link ScenarioError} carrying its line. Stateless; thread-safe.
 */
final class ScenarioCompiler {
  private ScenarioCompiler() {}

  /** The compiled script, or a ScenarioError "(file, line N) what" for a syntax error. */
  static ScenarioScript compile(ScenarioSource source) {
    CompilerConfiguration config = new CompilerConfiguration();
    HostPeerScan hosts = new HostPeerScan();
    config.setScriptBaseClass(ScenarioScript.class.getName());
    config.setSourceEncoding("UTF-8");
    config.addCompilationCustomizers(
        new ImportCustomizer()
            .addImports(Span.class.getName(), java.util.concurrent.TimeUnit.class.getName()),
        ImplicitAsserts.customizer(),
        hosts);
    GroovyShell shell =
        new GroovyShell(ScenarioCompiler.class.getClassLoader(), new Binding(), config);
    try {
      ScenarioScript script =
          (ScenarioScript)
              shell.parse(
                  new GroovyCodeSource(source.text(), source.fileName(), "/groovy/scenario"));
      script.hostPeers(hosts.found());
      return script;
    } catch (MultipleCompilationErrorsException e) {
      throw syntax(source, e);
    } catch (CompilationFailedException e) {
      throw new Positioned(source.at(null) + " does not compile: " + e.getMessage(), 0);
    }
  }

  private static Positioned syntax(ScenarioSource source, MultipleCompilationErrorsException e) {
    for (Message m : e.getErrorCollector().getErrors()) {
      if (m instanceof SyntaxErrorMessage s) {
        SyntaxException x = s.getCause();
        String what = x.getOriginalMessage().replace("\\n", " ").replaceAll("\\s+", " ").trim();
        if (what.length() > 90) {
          what = what.substring(0, 87) + "...";
        }
        return new Positioned(
            source.at(x.getLine())
                + " syntax error: "
                + what
                + " (column "
                + x.getStartColumn()
                + ")"
                + "; valid: a Groovy scenario, e.g. scenario('name') { registry(); def sam = peer('Sam') }",
            x.getLine());
      }
    }
    return new Positioned(
        source.at(null) + " does not compile: " + e.getMessage().replaceAll("\\s+", " "), 0);
  }

  /** A compile error with its position already in the message. */
  static final class Positioned extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int line;

    Positioned(String message, int line) {
      super(message);
      this.line = line;
    }

    int line() {
      return line;
    }
  }
}
