package p2pchat.agent.common;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * Copies of a record with some components changed, named as the record names them: the one way the
 * withers of our settings records make their copies. A copy is made by the record's canonical
 * constructor, so it is checked like any new value. Stateless and thread-safe.
 */
public final class RecordCopies {
  private RecordCopies() {}

  /** {@code record} with its component {@code name} set to {@code value}. */
  public static <R extends Record> R with(R record, String name, Object value) {
    return copy(record, new String[] {name}, new Object[] {value});
  }

  /** {@code record} with two of its components set. */
  public static <R extends Record> R with(
      R record, String name, Object value, String otherName, Object otherValue) {
    return copy(record, new String[] {name, otherName}, new Object[] {value, otherValue});
  }

  @SuppressWarnings("unchecked")
  private static <R extends Record> R copy(R record, String[] names, Object[] values) {
    Class<?> type = record.getClass();
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    int changed = 0;
    try {
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        int at = Arrays.asList(names).indexOf(components[i].getName());
        if (at >= 0) {
          args[i] = values[at];
          changed++;
        } else {
          args[i] = components[i].getAccessor().invoke(record);
        }
      }
      if (changed != names.length) {
        throw new IllegalArgumentException(
            type.getSimpleName() + " has no component among " + Arrays.toString(names));
      }
      Constructor<?> canonical = type.getDeclaredConstructor(types);
      return (R) canonical.newInstance(args);
    } catch (InvocationTargetException e) {
      // the canonical constructor refused the value: its own exception, as a new value would get
      if (e.getCause() instanceof RuntimeException refused) {
        throw refused;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot copy " + type.getName() + ": " + e, e);
    }
  }
}
