package p2pchat.agent.script;

import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Makes the statements of a DSL's check blocks checks, as Spock's {@code then:} does: {@code
 * state.count == 2} standing as a statement becomes a power assert, so it cannot pass silently and
 * a failure prints each value of the expression. The one copy of this rule for both test DSLs: the
 * bot test kit converts the comparisons of its {@code test} blocks ({@link #comparisons}); the
 * scenario runner converts its {@code scenario}, {@code eventually} and {@code always} blocks with
 * rewrites of its own built on {@link #isComparison} and {@link #assertOf}. Stateless; thread-safe.
 */
public final class ImplicitChecks extends CompilationCustomizer {
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

  /** What a statement of a check block becomes; null leaves it as it is. */
  @FunctionalInterface
  public interface Rewrite {
    Statement rewrite(ExpressionStatement statement, boolean last);
  }

  private final Map<String, Rewrite> blocks;

  /**
   * Converts the closure given last to a call of each word of {@code blocks} (such as {@code test})
   * with that word's rewrite.
   */
  public ImplicitChecks(Map<String, Rewrite> blocks) {
    super(CompilePhase.CONVERSION);
    this.blocks = Map.copyOf(blocks);
  }

  /** Every comparison statement is a check; nothing else changes. */
  public static Statement comparisons(ExpressionStatement statement, boolean last) {
    return isComparison(statement.getExpression()) ? assertOf(statement.getExpression()) : null;
  }

  /** A comparison ({@code ==}, {@code <}, {@code in}, {@code &&}, {@code ==~}...) or a negation. */
  public static boolean isComparison(Expression e) {
    return e instanceof NotExpression
        || (e instanceof BinaryExpression b
            && !(e instanceof DeclarationExpression)
            && COMPARISONS.contains(b.getOperation().getType()));
  }

  /** {@code assert e}, a power assert standing where {@code e} stood. */
  public static AssertStatement assertOf(Expression e) {
    BooleanExpression condition = new BooleanExpression(e);
    condition.setSourcePosition(e);
    AssertStatement assertion = new AssertStatement(condition);
    assertion.setSourcePosition(e);
    return assertion;
  }

  @Override
  public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
    new SourceVisitor(source) {
      @Override
      public void visitMethodCallExpression(MethodCallExpression call) {
        Rewrite rewrite = blocks.get(call.getMethodAsString());
        if (rewrite != null
            && call.getArguments() instanceof ArgumentListExpression args
            && !args.getExpressions().isEmpty()
            && args.getExpressions().get(args.getExpressions().size() - 1)
                instanceof ClosureExpression body) {
          convert(body, rewrite);
        }
        super.visitMethodCallExpression(call);
      }
    }.visitClass(classNode);
  }

  private static void convert(ClosureExpression closure, Rewrite rewrite) {
    if (!(closure.getCode() instanceof BlockStatement block)) {
      return;
    }
    List<Statement> statements = block.getStatements();
    for (int i = 0; i < statements.size(); i++) {
      if (statements.get(i) instanceof ExpressionStatement es) {
        Statement next = rewrite.rewrite(es, i == statements.size() - 1);
        if (next != null) {
          statements.set(i, next);
        }
      }
    }
  }
}
