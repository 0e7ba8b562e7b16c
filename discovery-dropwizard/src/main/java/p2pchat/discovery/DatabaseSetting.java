package p2pchat.discovery;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dropwizard.db.DataSourceFactory;
import p2pchat.discovery.db.Dialect;

/**
 * The {@code database:} setting, the Dropwizard way: a {@link DataSourceFactory} block ({@code
 * url}, {@code user}, {@code password}, pool sizes) for PostgreSQL, or, for short, one string: an
 * SQLite file path ({@code ~/} for the home folder), {@code :memory:}, or a {@code
 * jdbc:postgresql://HOST:PORT/DB?user=U&password=P} URL. Mutable while the YAML is read; not
 * thread-safe until then.
 */
public final class DatabaseSetting extends DataSourceFactory {
  private boolean shortForm;

  public DatabaseSetting() {
    setDriverClass("org.postgresql.Driver"); // a block is for PostgreSQL; SQLite needs just a path
  }

  /** The short form: a file path, {@code :memory:} or a PostgreSQL URL. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static DatabaseSetting of(String location) {
    DatabaseSetting setting = new DatabaseSetting();
    setting.setUrl(location);
    setting.shortForm = true;
    if (Dialect.of(location) == Dialect.SQLITE) {
      setting.setDriverClass("org.sqlite.JDBC");
    }
    return setting;
  }

  /** Given as one string, so the registry's own pool settings apply. */
  @JsonIgnore
  public boolean shortForm() {
    return shortForm;
  }

  @JsonIgnore
  public Dialect dialect() {
    return Dialect.of(getUrl());
  }
}
