package p2pchat.agent.script;

import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.control.SourceUnit;

/**
 * A visit of one compiled script's classes that reports its errors against {@code source}: the base
 * of the compile-time checks and rewrites of the DSLs, which differ only in what they visit. One
 * per visit; not thread-safe.
 */
abstract class SourceVisitor extends ClassCodeVisitorSupport {
  private final SourceUnit source;

  SourceVisitor(SourceUnit source) {
    this.source = source;
  }

  @Override
  protected final SourceUnit getSourceUnit() {
    return source;
  }
}
