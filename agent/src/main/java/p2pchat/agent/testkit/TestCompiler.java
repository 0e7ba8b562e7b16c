package p2pchat.agent.testkit;

import groovy.lang.Binding;
import groovy.lang.GroovyCodeSource;
import groovy.lang.GroovyShell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import p2pchat.agent.script.DurationLiterals;
import p2pchat.agent.script.ErrorText;
import p2pchat.agent.script.ImplicitChecks;
import p2pchat.agent.script.VocabularyCheck;

/**
 * Compiles a bot test file with {@link TestScript} as its base class: durations ({@code 5.minutes})
 * and {@code TimeUnit}/{@code java.time} as in bot scripts, unknown words refused at compile time
 * (file, line, the valid words, the closest), comparisons in test blocks turned into checks. Any
 * failure is a {@link TestFileError} naming the file and line. Stateless; thread-safe.
 */
final class TestCompiler {
  private TestCompiler() {}

  static TestScript compile(Path file) {
    String fileName = file.getFileName().toString();
    String source;
    try {
      source = Files.readString(file);
    } catch (IOException e) {
      throw new TestFileError(
          "(" + fileName + ") cannot read " + file + ": " + e.getMessage() + "; check the path");
    }
    CompilerConfiguration config = new CompilerConfiguration();
    config.setScriptBaseClass(TestScript.class.getName());
    config.setSourceEncoding("UTF-8");
    config.addCompilationCustomizers(
        new ImportCustomizer()
            .addStaticStars("java.util.concurrent.TimeUnit")
            .addStarImports("java.time")
            .addImports("java.util.concurrent.TimeUnit"),
        new DurationLiterals(),
        new ImplicitChecks(Map.of("test", ImplicitChecks::comparisons)),
        new VocabularyCheck(TestScript.class, TestScript::unknownWord));
    GroovyShell shell = new GroovyShell(TestCompiler.class.getClassLoader(), new Binding(), config);
    try {
      TestScript script =
          (TestScript) shell.parse(new GroovyCodeSource(source, fileName, "/groovy/bottest"));
      script.fileName(fileName);
      return script;
    } catch (MultipleCompilationErrorsException e) {
      if (e.getErrorCollector().getErrorCount() > 0
          && e.getErrorCollector().getError(0) instanceof SyntaxErrorMessage s) {
        throw new TestFileError(
            ErrorText.syntax(fileName, s.getCause(), e.getErrorCollector().getErrorCount()));
      }
      throw new TestFileError("(" + fileName + ") " + ErrorText.oneLine(e.getMessage()));
    } catch (CompilationFailedException e) {
      throw new TestFileError("(" + fileName + ") " + ErrorText.oneLine(e.getMessage()));
    }
  }
}
