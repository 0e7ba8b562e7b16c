package p2pchat.harness;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * Finds, when a scenario file is compiled, the {@code scenario(...)} blocks that declare a host
 * peer ({@code peer('Carol', host: true)}), so that the runner brings their network up before the
 * story begins: every proxy and registry front then listens where the hosts reach it, whichever
 * peer is declared first. One instance per compile, used by the compiling thread only.
 */
final class HostPeerScan extends CompilationCustomizer {
  private final Map<Integer, String> firstHostPeer = new HashMap<>();

  HostPeerScan() {
    super(CompilePhase.CONVERSION);
  }

  /** Line of a {@code scenario(...)} call → the first host peer its block declares. */
  Map<Integer, String> found() {
    return Map.copyOf(firstHostPeer);
  }

  @Override
  public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
    Deque<Integer> scenarios = new ArrayDeque<>();
    new ClassCodeVisitorSupport() {
      @Override
      protected SourceUnit getSourceUnit() {
        return source;
      }

      @Override
      public void visitMethodCallExpression(MethodCallExpression call) {
        String word = call.getMethodAsString();
        if ("scenario".equals(word)) {
          scenarios.push(call.getLineNumber());
          super.visitMethodCallExpression(call);
          scenarios.pop();
          return;
        }
        if ("peer".equals(word) && !scenarios.isEmpty() && onHost(call.getArguments())) {
          firstHostPeer.putIfAbsent(scenarios.peek(), nameIn(call.getArguments()));
        }
        super.visitMethodCallExpression(call);
      }
    }.visitClass(classNode);
  }

  /** {@code host:} given, and not a literal false. */
  private static boolean onHost(Expression arguments) {
    if (!(arguments instanceof TupleExpression args)) {
      return false;
    }
    for (Expression e : args.getExpressions()) {
      if (e instanceof MapExpression map) {
        for (MapEntryExpression entry : map.getMapEntryExpressions()) {
          if (entry.getKeyExpression() instanceof ConstantExpression k
              && "host".equals(k.getValue())) {
            return !(entry.getValueExpression() instanceof ConstantExpression v
                && (v.getValue() == null || Boolean.FALSE.equals(v.getValue())));
          }
        }
      }
    }
    return false;
  }

  private static String nameIn(Expression arguments) {
    for (Expression e : ((TupleExpression) arguments).getExpressions()) {
      if (!(e instanceof MapExpression)) {
        return e instanceof ConstantExpression c ? String.valueOf(c.getValue()) : e.getText();
      }
    }
    return "?";
  }
}
