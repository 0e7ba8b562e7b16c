package p2pchat.agent.script;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import groovy.lang.GString;

/**
 * JSON for script values (state entries, message data): objects become LinkedHashMaps, arrays
 * ArrayLists, decimals BigDecimals (as Groovy literals are), GStrings plain strings. Thread-safe:
 * the mapper is configured once and never changed.
 */
final class Json {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .registerModule(
              new SimpleModule().addSerializer(GString.class, ToStringSerializer.instance));

  private Json() {}

  static Object parse(String json) {
    if (json == null) {
      return null;
    }
    try {
      return MAPPER.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new DslException("stored JSON cannot be read: " + e.getOriginalMessage());
    }
  }

  static String write(Object value, String what) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new DslException(
          what
              + " must be plain values (numbers, strings, booleans, lists, maps); "
              + value.getClass().getSimpleName()
              + " cannot be saved: "
              + e.getOriginalMessage());
    }
  }
}
