package p2pchat.discovery;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * The registry's settings (YAML under the Dropwizard ones). Every field has a default and is
 * validated. Mutable only while it is being built; not thread-safe until then.
 */
public final class DiscoveryConfiguration extends Configuration {
  /**
   * An SQLite file path ({@code ~/} for the home folder), {@code :memory:}, a {@code
   * jdbc:postgresql:} URL, or a DataSourceFactory block for PostgreSQL.
   */
  @NotNull @Valid @JsonProperty
  private DatabaseSetting database = DatabaseSetting.of("discovery.db");

  /** How often agents should heartbeat. */
  @NotNull
  @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
  @JsonProperty
  private Duration heartbeat = Duration.seconds(1);

  /** A lease not renewed within this turns its peer unreachable. */
  @NotNull
  @MinDuration(value = 50, unit = TimeUnit.MILLISECONDS)
  @JsonProperty
  private Duration leaseTtl = Duration.seconds(3);

  /** The longest a long-poll on /v1/peers/changes may wait. */
  @NotNull @JsonProperty private Duration maxWait = Duration.seconds(60);

  /** The longest the lease reaper sleeps; it wakes sooner, when the first lease passes. */
  @NotNull
  @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
  @JsonProperty
  private Duration reaperInterval = Duration.milliseconds(100);

  /** How often waiting long-polls re-read the version (changes by other instances). */
  @NotNull
  @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
  @JsonProperty
  private Duration versionPollInterval = Duration.milliseconds(200);

  /**
   * Registrations allowed per client address per minute (429 with Retry-After beyond); 0: no limit.
   */
  @Min(0)
  @JsonProperty
  private int registrationsPerMinute = 0;

  /**
   * Who may register: open, or token (a token from registrationTokensFile in
   * X-P2P-Registration-Token).
   */
  @NotNull @JsonProperty private String registration = "open";

  /** For registration: token, a file of accepted tokens, one a line. */
  @JsonProperty private String registrationTokensFile;

  /** Pooled database connections (readers run side by side under WAL). */
  @Min(1)
  @Max(64)
  @JsonProperty
  private int databasePoolSize = 8;

  public DatabaseSetting database() {
    return database;
  }

  public DiscoveryConfiguration database(String database) {
    this.database = DatabaseSetting.of(database);
    return this;
  }

  public Duration heartbeat() {
    return heartbeat;
  }

  public Duration leaseTtl() {
    return leaseTtl;
  }

  /** Lease and heartbeat together (the lease must be the longer). */
  public DiscoveryConfiguration lease(Duration leaseTtl, Duration heartbeat) {
    this.leaseTtl = leaseTtl;
    this.heartbeat = heartbeat;
    return this;
  }

  public Duration maxWait() {
    return maxWait;
  }

  public Duration reaperInterval() {
    return reaperInterval;
  }

  public Duration versionPollInterval() {
    return versionPollInterval;
  }

  public String registration() {
    return registration;
  }

  public String registrationTokensFile() {
    return registrationTokensFile;
  }

  /** {@code registration: token} with the tokens in {@code file}. */
  public DiscoveryConfiguration registrationTokens(String file) {
    this.registration = "token";
    this.registrationTokensFile = file;
    return this;
  }

  public int registrationsPerMinute() {
    return registrationsPerMinute;
  }

  public int databasePoolSize() {
    return databasePoolSize;
  }

  @JsonIgnore
  @ValidationMethod(
      message = "leaseTtl must be longer than heartbeat, or every peer flaps to unreachable")
  public boolean isLeaseLongerThanHeartbeat() {
    return leaseTtl == null
        || heartbeat == null
        || leaseTtl.toMilliseconds() > heartbeat.toMilliseconds();
  }
}
