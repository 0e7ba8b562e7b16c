package p2pchat.agent.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.jdbi.v3.core.Handle;

/**
 * A SqlObject DAO attached to its handle on its first call, not before. JDBI builds a handler for
 * every method of the DAO when it attaches one (for the writer's two, two dozen handlers, each with
 * its own copy of the configuration): that was a sixth of an agent's start, paid even by an agent
 * that never writes. Used by one thread at a time, as its handle is.
 */
final class LazyDao {
  private LazyDao() {}

  static <T> T of(Handle handle, Class<T> type) {
    Object[] attached = new Object[1];
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args, type);
              }
              if (attached[0] == null) {
                attached[0] = handle.attach(type);
              }
              try {
                return method.invoke(attached[0], args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            }));
  }

  private static Object objectMethod(Object proxy, Method method, Object[] args, Class<?> type) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> "lazy " + type.getSimpleName();
    };
  }
}
