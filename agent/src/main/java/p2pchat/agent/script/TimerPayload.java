package p2pchat.agent.script;

import groovy.lang.Closure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.Map;

/**
 * The opaque bytes a script timer stores in the agent's {@code jobs} table, and reading them back.
 * A top-level {@code every} stores only its key (the closure is found again by call site); a timer
 * set in a handler stores its closure, dehydrated and Java-serialized with its captured values,
 * plus the closure class's name and source fingerprint so that after an edit the same block of code
 * is found again even if Groovy numbered it differently (or refused if it no longer exists).
 * Stateless and thread-safe.
 */
final class TimerPayload {

  private static final int MAGIC = 0x50324331; // "P2C1"
  private static final byte TOP = 1;
  private static final byte CLOSURE = 2;
  private static final byte CRON = 3;

  /** A decoded payload: either a top-level timer key or a stored closure. */
  sealed interface Decoded permits Top, Stored, Cron {}

  record Top(String key) implements Decoded {}

  /** A top-level {@code cron}: its key and the slot (epoch ms) this job is for. */
  record Cron(String key, long slot) implements Decoded {}

  record Stored(String className, String fingerprint, byte[] bytes) implements Decoded {}

  private TimerPayload() {}

  static byte[] ofTop(String key) {
    return encode(TOP, out -> out.writeUTF(key));
  }

  static byte[] ofCron(String key, long slot) {
    return encode(
        CRON,
        out -> {
          out.writeUTF(key);
          out.writeLong(slot);
        });
  }

  static byte[] ofClosure(String word, Closure<?> body, Map<String, String> fingerprints) {
    String className = body.getClass().getName();
    String fingerprint = fingerprints.get(className);
    if (fingerprint == null) {
      throw new DslException(
          word + " needs a block written in the script: " + word + "(5, MINUTES) { ... }");
    }
    ByteArrayOutputStream closure = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(closure)) {
      out.writeObject(body.dehydrate());
    } catch (NotSerializableException e) {
      throw new DslException(
          word
              + ": the block uses a value that cannot be saved for after a restart ("
              + e.getMessage()
              + "); keep plain values (text, numbers, lists, maps, msg) in local variables");
    } catch (IOException e) {
      throw new DslException(word + ": the block cannot be saved: " + e.getMessage(), e);
    }
    return encode(
        CLOSURE,
        out -> {
          out.writeUTF(className);
          out.writeUTF(fingerprint);
          out.write(closure.toByteArray());
        });
  }

  /** What a payload of one kind writes after its kind. */
  private interface Fields {
    void write(DataOutputStream out) throws IOException;
  }

  /** A payload: our magic, {@code kind}, then its {@code fields}. */
  private static byte[] encode(byte kind, Fields fields) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeByte(kind);
      fields.write(out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /** Decodes a payload; null if it is not one of ours (e.g. written by something else). */
  static Decoded decode(byte[] payload) {
    if (payload == null || payload.length < 5) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      if (in.readInt() != MAGIC) {
        return null;
      }
      byte kind = in.readByte();
      if (kind == TOP) {
        return new Top(in.readUTF());
      }
      if (kind == CRON) {
        return new Cron(in.readUTF(), in.readLong());
      }
      if (kind == CLOSURE) {
        String className = in.readUTF();
        String fingerprint = in.readUTF();
        return new Stored(className, fingerprint, in.readAllBytes());
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Reads a stored closure back with the classes of {@code loader}. {@code localClassName} is the
   * current class with the same source fingerprint (possibly renamed since it was stored).
   */
  static Closure<?> readClosure(Stored stored, String localClassName, ClassLoader loader)
      throws IOException, ClassNotFoundException {
    try (ObjectInputStream in =
        new ScriptObjectInput(
            new ByteArrayInputStream(stored.bytes()), loader, stored.className(), localClassName)) {
      return (Closure<?>) in.readObject();
    }
  }

  /**
   * Resolves classes through the script's loader and maps the stored closure class to its current
   * name.
   */
  private static final class ScriptObjectInput extends ObjectInputStream {
    private final ClassLoader loader;
    private final String storedName;
    private final String localName;

    ScriptObjectInput(InputStream in, ClassLoader loader, String storedName, String localName)
        throws IOException {
      super(in);
      this.loader = loader;
      this.storedName = storedName;
      this.localName = localName;
    }

    @Override
    protected ObjectStreamClass readClassDescriptor() throws IOException, ClassNotFoundException {
      ObjectStreamClass stored = super.readClassDescriptor();
      if (stored.getName().equals(storedName)) {
        // The fingerprint says this is the same block of code: trust the local class layout.
        return ObjectStreamClass.lookup(Class.forName(localName, false, loader));
      }
      return stored;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
