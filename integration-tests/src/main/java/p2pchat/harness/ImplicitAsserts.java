package p2pchat.harness;

import java.util.List;
import java.util.Set;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.VariableScope;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.BooleanExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.NotExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.AssertStatement;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.Types;

/**
 * Turns conditions in a scenario into Groovy power asserts, the way Spock treats its then: blocks,
 * so a failed check prints every value of the expression. Converted: inside {@code
 * eventually}/{@code always} closures, every comparison statement and the last statement; inside
 * {@code scenario} blocks, comparison statements ({@code check.latency().p99 <= 200.ms}) and
 * history queries ({@code bob.received('x', from: 'Ann')}), each wrapped as an {@code expect} step
 * so that it shows in the progress like any other; every other statement of a scenario block is
 * handed to {@code checkValue}, which checks it if its value is a boolean or a {@link Verdict}.
 * Stateless; thread-safe.
 */
final class ImplicitAsserts extends CompilationCustomizer {
  private static final Set<String> CONDITION_BLOCKS = Set.of("eventually", "always");
  private static final Set<Integer> COMPARISONS =
      Set.of(
          Types.COMPARE_EQUAL,
          Types.COMPARE_NOT_EQUAL,
          Types.COMPARE_LESS_THAN,
          Types.COMPARE_LESS_THAN_EQUAL,
          Types.COMPARE_GREATER_THAN,
          Types.COMPARE_GREATER_THAN_EQUAL,
          Types.COMPARE_IDENTICAL,
          Types.COMPARE_NOT_IDENTICAL,
          Types.KEYWORD_IN,
          Types.COMPARE_NOT_IN,
          Types.LOGICAL_AND,
          Types.LOGICAL_OR,
          Types.MATCH_REGEX);

  /** Words whose value is always a check result. */
  private static final Set<String> QUERY_WORDS = Set.of("received", "receivedAll");

  ImplicitAsserts() {
    super(CompilePhase.CONVERSION);
  }

  @Override
  public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
    new ClassCodeVisitorSupport() {
      @Override
      protected SourceUnit getSourceUnit() {
        return source;
      }

      @Override
      public void visitMethodCallExpression(MethodCallExpression call) {
        ClosureExpression closure = lastClosure(call);
        String name = call.getMethodAsString();
        if (closure != null && name != null) {
          if (CONDITION_BLOCKS.contains(name)) {
            convert(closure, true);
          } else if (name.equals("scenario")) {
            convert(closure, false);
          }
        }
        super.visitMethodCallExpression(call);
      }
    }.visitClass(classNode);
  }

  private static ClosureExpression lastClosure(MethodCallExpression call) {
    if (call.getArguments() instanceof ArgumentListExpression args
        && !args.getExpressions().isEmpty()) {
      Expression last = args.getExpressions().get(args.getExpressions().size() - 1);
      return last instanceof ClosureExpression c ? c : null;
    }
    return null;
  }

  private static void convert(ClosureExpression closure, boolean lastToo) {
    if (!(closure.getCode() instanceof BlockStatement block)) {
      return;
    }
    List<Statement> statements = block.getStatements();
    for (int i = 0; i < statements.size(); i++) {
      if (statements.get(i) instanceof ExpressionStatement es) {
        Expression e = es.getExpression();
        boolean last = lastToo && i == statements.size() - 1;
        if (isComparison(e) || (last && isQuery(e)) || (!lastToo && isQueryWord(e))) {
          BooleanExpression condition = new BooleanExpression(e);
          condition.setSourcePosition(e);
          AssertStatement assertion = new AssertStatement(condition);
          assertion.setSourcePosition(e);
          statements.set(i, lastToo ? assertion : expectStep(assertion, es));
        } else if (!lastToo && isQuery(e)) {
          statements.set(i, checkValue(es));
        }
      }
    }
  }

  /** {@code expect { assert e }}: a scenario-level condition becomes a step of its own. */
  private static Statement expectStep(AssertStatement assertion, ExpressionStatement original) {
    BlockStatement body =
        new BlockStatement(new java.util.ArrayList<>(List.of(assertion)), new VariableScope());
    body.setSourcePosition(original);
    ClosureExpression closure = new ClosureExpression(Parameter.EMPTY_ARRAY, body);
    closure.setSourcePosition(original);
    return callOfThis("expect", closure, original);
  }

  /**
   * {@code checkValue(e)}: any other scenario-level statement whose value turns out to be a check
   * result (a boolean, a {@link Verdict}) is checked at run time, so no such value is dropped.
   */
  private static Statement checkValue(ExpressionStatement original) {
    return callOfThis("checkValue", original.getExpression(), original);
  }

  /** {@code word(argument)} on the scenario script, standing where {@code original} stood. */
  private static Statement callOfThis(
      String word, Expression argument, ExpressionStatement original) {
    MethodCallExpression call =
        new MethodCallExpression(
            VariableExpression.THIS_EXPRESSION, word, new ArgumentListExpression(argument));
    call.setImplicitThis(true);
    call.setSourcePosition(original);
    ExpressionStatement statement = new ExpressionStatement(call);
    statement.setSourcePosition(original);
    return statement;
  }

  /** A call of a history query ({@code carol.received(...)}): a check, shown with its values. */
  private static boolean isQueryWord(Expression e) {
    return e instanceof MethodCallExpression call && QUERY_WORDS.contains(call.getMethodAsString());
  }

  private static boolean isComparison(Expression e) {
    return e instanceof NotExpression
        || (e instanceof BinaryExpression b
            && !(e instanceof DeclarationExpression)
            && COMPARISONS.contains(b.getOperation().getType()));
  }

  private static boolean isQuery(Expression e) {
    return isComparison(e)
        || (e instanceof MethodCallExpression call && call.getMethodAsString() != null)
        || e instanceof PropertyExpression
        || e instanceof ConstantExpression
        || (e instanceof VariableExpression v && !v.isThisExpression());
  }
}
