package p2pchat.agent.script;

import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.runtime.InvokerInvocationException;

/**
 * The one-line error texts users see: {@code (reminder.groovy, line 12, column 5) Unexpected
 * input: '{'} for compile errors and {@code (reminder.groovy, line 7) on message failed:
 * ArithmeticException: Division by zero} for handlers, the line taken from the script's own
 * frame in the stack trace. Stateless and thread-safe.
 */
final class ScriptErrors {

  private ScriptErrors() {}

  static String compileError(String fileName, CompilationFailedException e) {
    if (e instanceof MultipleCompilationErrorsException multiple
        && multiple.getErrorCollector().getErrorCount() > 0) {
      int count = multiple.getErrorCollector().getErrorCount();
      Message first = multiple.getErrorCollector().getError(0);
      if (first instanceof SyntaxErrorMessage syntax) {
        return ErrorText.syntax(fileName, syntax.getCause(), count);
      }
      if (first instanceof ExceptionMessage exception) {
        return "(" + fileName + ") " + describe(exception.getCause()) + ErrorText.more(count);
      }
    }
    return "(" + fileName + ") " + ErrorText.oneLine(e.getMessage());
  }

  /** {@code (file, line N) what failed: Type: message}; {@code what} null for errors at load. */
  static String located(String fileName, Throwable t, String what) {
    int line = lineOf(fileName, t);
    String where = line > 0 ? "(" + fileName + ", line " + line + ") " : "(" + fileName + ") ";
    return where + (what == null ? "" : what + " failed: ") + describe(t);
  }

  static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while (cur instanceof InvokerInvocationException && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }

  static int lineOf(String fileName, Throwable t) {
    for (Throwable cur = t; cur != null; cur = cur.getCause() == cur ? null : cur.getCause()) {
      for (StackTraceElement e : cur.getStackTrace()) {
        if (fileName.equals(e.getFileName()) && e.getLineNumber() > 0) {
          return e.getLineNumber();
        }
      }
    }
    return -1;
  }

  static String describe(Throwable t) {
    if (t instanceof DslException || t instanceof ScriptException) {
      return ErrorText.oneLine(t.getMessage());
    }
    String message = t.getMessage();
    return t.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : ": " + ErrorText.oneLine(message));
  }
}
