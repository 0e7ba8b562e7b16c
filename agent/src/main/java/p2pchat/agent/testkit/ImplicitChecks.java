package p2pchat.agent.testkit;

import java.util.List;
import java.util.Set;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.BooleanExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.NotExpression;
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
 * Makes every comparison that stands as a statement of a {@code test} block a check, as Spock's
 * {@code then:} does: {@code state.count == 2} becomes a power assert, so it cannot pass silently
 * and a failure prints each value of the expression. Stateless; thread-safe.
 */
final class ImplicitChecks extends CompilationCustomizer {
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

  ImplicitChecks() {
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
        if ("test".equals(call.getMethodAsString())
            && call.getArguments() instanceof ArgumentListExpression args
            && !args.getExpressions().isEmpty()
            && args.getExpressions().get(args.getExpressions().size() - 1)
                instanceof ClosureExpression body) {
          convert(body);
        }
        super.visitMethodCallExpression(call);
      }
    }.visitClass(classNode);
  }

  private static void convert(ClosureExpression closure) {
    if (!(closure.getCode() instanceof BlockStatement block)) {
      return;
    }
    List<Statement> statements = block.getStatements();
    for (int i = 0; i < statements.size(); i++) {
      if (statements.get(i) instanceof ExpressionStatement es && isComparison(es.getExpression())) {
        Expression e = es.getExpression();
        BooleanExpression condition = new BooleanExpression(e);
        condition.setSourcePosition(e);
        AssertStatement assertion = new AssertStatement(condition);
        assertion.setSourcePosition(es);
        statements.set(i, assertion);
      }
    }
  }

  private static boolean isComparison(Expression e) {
    return e instanceof NotExpression
        || (e instanceof BinaryExpression b
            && !(e instanceof DeclarationExpression)
            && COMPARISONS.contains(b.getOperation().getType()));
  }
}
