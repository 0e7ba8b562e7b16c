package p2pchat.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.VariableScope;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.AssertStatement;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import p2pchat.agent.script.ImplicitChecks;

/**
 * The scenario's rules for {@link ImplicitChecks} (the one transformation that turns conditions
 * into Groovy power asserts, as Spock treats its then: blocks, so a failed check prints every value
 * of the expression). Converted: inside {@code eventually}/{@code always} closures, every
 * comparison statement and the last statement; inside {@code scenario} blocks, comparison
 * statements ({@code check.latency().p99 <= 200.ms}) and history queries ({@code bob.received('x',
 * from: 'Ann')}), each wrapped as an {@code expect} step so that it shows in the progress like any
 * other; every other statement of a scenario block is handed to {@code checkValue}, which checks it
 * if its value is a boolean or a {@link Verdict}. Stateless; thread-safe.
 */
final class ImplicitAsserts {
  /** Words whose value is always a check result. */
  private static final Set<String> QUERY_WORDS = Set.of("received", "receivedAll");

  private ImplicitAsserts() {}

  static CompilationCustomizer customizer() {
    return new ImplicitChecks(
        Map.of(
            "eventually", ImplicitAsserts::condition,
            "always", ImplicitAsserts::condition,
            "scenario", ImplicitAsserts::scenarioStep));
  }

  /** In a condition block: comparisons, and the last statement if it has a value. */
  private static Statement condition(ExpressionStatement es, boolean last) {
    Expression e = es.getExpression();
    return ImplicitChecks.isComparison(e) || (last && isQuery(e))
        ? ImplicitChecks.assertOf(e)
        : null;
  }

  /** At a scenario's top level: checks become {@code expect} steps; other values are checked. */
  private static Statement scenarioStep(ExpressionStatement es, boolean last) {
    Expression e = es.getExpression();
    if (ImplicitChecks.isComparison(e) || isQueryWord(e)) {
      return expectStep(ImplicitChecks.assertOf(e), es);
    }
    return isQuery(e) ? checkValue(es) : null;
  }

  /** {@code expect { assert e }}: a scenario-level condition becomes a step of its own. */
  private static Statement expectStep(AssertStatement assertion, ExpressionStatement original) {
    BlockStatement body =
        new BlockStatement(new ArrayList<>(List.of(assertion)), new VariableScope());
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

  private static boolean isQuery(Expression e) {
    return ImplicitChecks.isComparison(e)
        || (e instanceof MethodCallExpression call && call.getMethodAsString() != null)
        || e instanceof PropertyExpression
        || e instanceof ConstantExpression
        || (e instanceof VariableExpression v && !v.isThisExpression());
  }
}
