package p2pchat.agent.script;

import groovy.lang.Closure;
import java.beans.Introspector;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.DynamicVariable;
import org.codehaus.groovy.ast.FieldNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.PropertyNode;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.runtime.DefaultGroovyMethods;
import org.codehaus.groovy.runtime.DefaultGroovyStaticMethods;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * Finds unknown words at compile time, inside handlers too: a call like {@code sned 'x'} or a name
 * like {@code pers.online} that is neither a DSL word, nor something the script defines (method,
 * field, binding variable), nor a Groovy built-in (println, sleep, ...). Reported as a compile
 * error with line and column and the list of valid words. Runs after semantic analysis, when local
 * variables and static imports are already resolved. Stateless and thread-safe.
 */
public final class VocabularyCheck extends CompilationCustomizer {

  private static final BuiltIns BOT_SCRIPT = BuiltIns.of(BotScript.class);

  /** The methods and properties a script of a base class may use besides its DSL's words. */
  private record BuiltIns(Set<String> methods, Set<String> properties) {
    static BuiltIns of(Class<?> base) {
      Set<String> methods = new HashSet<>();
      Set<String> properties = new HashSet<>();
      for (Class<?> type : new Class<?>[] {base, Closure.class}) {
        for (Method m : type.getMethods()) {
          methods.add(m.getName());
          String name = m.getName();
          if (m.getParameterCount() == 0 && name.startsWith("get") && name.length() > 3) {
            properties.add(Introspector.decapitalize(name.substring(3)));
          } else if (m.getParameterCount() == 0 && name.startsWith("is") && name.length() > 2) {
            properties.add(Introspector.decapitalize(name.substring(2)));
          }
        }
      }
      for (Class<?> type :
          new Class<?>[] {DefaultGroovyMethods.class, DefaultGroovyStaticMethods.class}) {
        for (Method m : type.getMethods()) {
          if (Modifier.isStatic(m.getModifiers())
              && m.getParameterCount() > 0
              && m.getParameterTypes()[0].isAssignableFrom(base)) {
            methods.add(m.getName());
          }
        }
      }
      methods.removeAll(Set.of("propertyMissing", "methodMissing"));
      properties.addAll(Set.of("owner", "delegate", "thisObject", "args"));
      return new BuiltIns(Set.copyOf(methods), Set.copyOf(properties));
    }
  }

  private final BuiltIns builtIns;
  private final Function<String, String> unknownCall;
  private final Function<String, String> unknownName;

  /** The bot DSL's check. */
  VocabularyCheck() {
    this(
        BOT_SCRIPT,
        Vocabulary::unknownWord,
        name ->
            Vocabulary.EVENTS.contains(name)
                ? "'" + name + "' needs a block: on " + name + " { ... }"
                : Vocabulary.unknownWord(name));
  }

  /**
   * The same check for another DSL whose scripts extend {@code base} (the test kit's): {@code
   * unknownWord} gives the one-line error for a word that is not one.
   */
  public VocabularyCheck(Class<?> base, Function<String, String> unknownWord) {
    this(BuiltIns.of(base), unknownWord, unknownWord);
  }

  private VocabularyCheck(
      BuiltIns builtIns,
      Function<String, String> unknownCall,
      Function<String, String> unknownName) {
    super(CompilePhase.CANONICALIZATION);
    this.builtIns = builtIns;
    this.unknownCall = unknownCall;
    this.unknownName = unknownName;
  }

  @Override
  public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
    if (!classNode.isScript()) {
      return;
    }
    Set<String> defined = new HashSet<>();
    for (MethodNode m : classNode.getMethods()) {
      defined.add(m.getName());
      if (m.getName().startsWith("get") && m.getName().length() > 3) {
        defined.add(Introspector.decapitalize(m.getName().substring(3)));
      }
    }
    for (FieldNode f : classNode.getFields()) {
      defined.add(f.getName());
    }
    for (PropertyNode p : classNode.getProperties()) {
      defined.add(p.getName());
    }
    Set<String> bindingNames = new HashSet<>();
    new SourceVisitor(source) {
      @Override
      public void visitBinaryExpression(BinaryExpression e) {
        if (e.getOperation().getText().equals("=")
            && e.getLeftExpression() instanceof VariableExpression v
            && v.getAccessedVariable() instanceof DynamicVariable) {
          bindingNames.add(v.getName());
        }
        super.visitBinaryExpression(e);
      }
    }.visitClass(classNode);

    new SourceVisitor(source) {
      @Override
      public void visitMethodCallExpression(MethodCallExpression call) {
        String name = call.getMethodAsString();
        if (call.isImplicitThis()
            && name != null
            && !builtIns.methods().contains(name)
            && !defined.contains(name)
            && !bindingNames.contains(name)) {
          report(source, call, unknownCall.apply(name));
        }
        super.visitMethodCallExpression(call);
      }

      @Override
      public void visitVariableExpression(VariableExpression v) {
        String name = v.getName();
        if (v.getAccessedVariable() instanceof DynamicVariable
            && !v.isThisExpression()
            && !v.isSuperExpression()
            && !builtIns.properties().contains(name)
            && !defined.contains(name)
            && !bindingNames.contains(name)) {
          report(source, v, unknownName.apply(name));
        }
        super.visitVariableExpression(v);
      }
    }.visitClass(classNode);
  }

  private static void report(SourceUnit source, Expression where, String message) {
    source
        .getErrorCollector()
        .addErrorAndContinue(
            new SyntaxErrorMessage(
                new SyntaxException(message, where.getLineNumber(), where.getColumnNumber()),
                source));
  }
}
