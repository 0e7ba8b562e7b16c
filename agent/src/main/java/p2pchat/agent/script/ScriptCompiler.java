package p2pchat.agent.script;

import groovy.lang.GroovyCodeSource;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.slf4j.LoggerFactory;

/**
 * Compiles a bot script with the DSL as its base class and runs its body once to register its
 * handlers. Every failure becomes a one-line {@link ScriptException} naming the file and line. Each
 * call uses a new class loader. Stateless and thread-safe.
 */
final class ScriptCompiler {

  private ScriptCompiler() {}

  static LoadedScript load(Path file, String agentName) {
    return load(file, agentName, null);
  }

  static LoadedScript load(Path file, String agentName, ScriptCache cache) {
    String source;
    try {
      source = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ScriptException("cannot read script " + file + ": no such file; check the path");
    } catch (AccessDeniedException e) {
      throw new ScriptException("cannot read script " + file + ": permission denied");
    } catch (IOException e) {
      throw new ScriptException("cannot read script " + file + ": " + e.getMessage());
    }
    return compile(source, file.getFileName().toString(), agentName, cache);
  }

  static LoadedScript compile(String source, String fileName, String agentName) {
    return compile(source, fileName, agentName, null);
  }

  static LoadedScript compile(String source, String fileName, String agentName, ScriptCache cache) {
    String base = fileName.replaceFirst("\\.groovy$", "");
    if (Set.of("state", "peers", "me", "log").contains(base)) {
      // Groovy names the script class after the file, and that class would hide the word.
      throw new ScriptException(
          "("
              + fileName
              + ") a script named like the DSL word '"
              + base
              + "' would hide that word; rename the file, e.g. "
              + base
              + "-bot.groovy");
    }
    ScriptCache.Compiled compiled =
        cache == null
            ? parse(source, fileName)
            : cache.get(fileName, source, () -> parse(source, fileName));
    Class<?> type = compiled.type();
    ScriptClassLoader loader = compiled.loader();
    if (!BotScript.class.isAssignableFrom(type)) {
      throw new ScriptException(
          "("
              + fileName
              + ") declares a class, not a bot script; write handlers at the top level, like on message { msg -> }");
    }
    BotScript script;
    try {
      script = (BotScript) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new ScriptException("(" + fileName + ") cannot be instantiated: " + e, e);
    }
    Handlers handlers = new Handlers();
    ScriptSetup setup =
        new ScriptSetup(
            fileName,
            agentName,
            LoggerFactory.getLogger(fileName),
            handlers,
            compiled.fingerprints());
    script.hostSetup(setup);
    try {
      script.run();
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
        throw (Error) t;
      }
      Throwable cause = ScriptErrors.unwrap(t);
      throw new ScriptException(ScriptErrors.located(fileName, cause, null), cause);
    }
    if (!script.hostPending().isEmpty()) {
      Handler h = script.hostPending().get(0);
      String where =
          h.line() > 0 ? "(" + fileName + ", line " + h.line() + ") " : "(" + fileName + ") ";
      String word = h.kind().word();
      throw new ScriptException(
          where + "'" + word + " { }' does nothing without on: write on " + word + " { ... }");
    }
    handlers.freeze();
    return new LoadedScript(script, setup, loader);
  }

  private static ScriptCache.Compiled parse(String source, String fileName) {
    ScriptClassLoader loader =
        new ScriptClassLoader(ScriptCompiler.class.getClassLoader(), configuration(), source);
    try {
      GroovyCodeSource code = new GroovyCodeSource(source, fileName, "/groovy/script");
      code.setCachable(false);
      Class<?> type = loader.parseClass(code);
      return new ScriptCache.Compiled(type, loader, Map.copyOf(loader.fingerprints()));
    } catch (CompilationFailedException e) {
      throw new ScriptException(ScriptErrors.compileError(fileName, e), e);
    }
  }

  private static CompilerConfiguration configuration() {
    CompilerConfiguration config = new CompilerConfiguration();
    config.setScriptBaseClass(BotScript.class.getName());
    ImportCustomizer imports =
        new ImportCustomizer()
            .addStaticStars("java.util.concurrent.TimeUnit")
            .addStarImports("java.time")
            .addImports("java.util.concurrent.TimeUnit");
    config.addCompilationCustomizers(imports, new DurationLiterals(), new VocabularyCheck());
    return config;
  }
}
