package p2pchat.agent.script;

import java.util.Set;
import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * Compile-time rewrite of {@code 30.seconds} (a number literal, or a cast to a number like {@code
 * (m[1] as int).minutes}) into {@code Durations.of(30, 'seconds')}: reads like Groovy's
 * TimeCategory but touches no global metaclass and costs nothing at run time. Stateless.
 */
public final class DurationLiterals extends CompilationCustomizer {

  private static final Set<String> NUMBER_TYPES =
      Set.of(
          "int",
          "long",
          "short",
          "byte",
          "double",
          "float",
          "Integer",
          "Long",
          "Short",
          "Byte",
          "Double",
          "Float",
          "BigDecimal",
          "BigInteger",
          "Number",
          "java.lang.Integer",
          "java.lang.Long",
          "java.math.BigDecimal");

  public DurationLiterals() {
    super(CompilePhase.CONVERSION);
  }

  @Override
  public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
    new ClassCodeExpressionTransformer() {
      @Override
      protected SourceUnit getSourceUnit() {
        return source;
      }

      @Override
      public Expression transform(Expression e) {
        if (e instanceof PropertyExpression p && isDuration(p)) {
          Expression call =
              new StaticMethodCallExpression(
                  ClassHelper.make(Durations.class),
                  "of",
                  new ArgumentListExpression(
                      transform(p.getObjectExpression()),
                      new ConstantExpression(p.getPropertyAsString())));
          call.setSourcePosition(p);
          return call;
        }
        if (e instanceof ClosureExpression c) {
          c.getCode().visit(this);
          return e;
        }
        return super.transform(e);
      }
    }.visitClass(classNode);
  }

  private static boolean isDuration(PropertyExpression p) {
    if (p.isSafe() || p.isSpreadSafe() || !Durations.UNITS.containsKey(p.getPropertyAsString())) {
      return false;
    }
    Expression object = p.getObjectExpression();
    if (object instanceof ConstantExpression c) {
      return c.getValue() instanceof Number;
    }
    return object instanceof CastExpression cast && NUMBER_TYPES.contains(cast.getType().getName());
  }
}
