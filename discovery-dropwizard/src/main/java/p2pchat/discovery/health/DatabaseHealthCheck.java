package p2pchat.discovery.health;

import com.codahale.metrics.health.HealthCheck;
import p2pchat.discovery.db.RegistryDatabase;

/** Healthy when the database answers a query and its registry version can be read. Thread-safe. */
public final class DatabaseHealthCheck extends HealthCheck {
  private final RegistryDatabase db;

  public DatabaseHealthCheck(RegistryDatabase db) {
    this.db = db;
  }

  @Override
  protected Result check() {
    int one = db.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
    if (one != 1) {
      return Result.unhealthy("SELECT 1 answered " + one);
    }
    return Result.healthy("%s at version %d", db.location(), db.version());
  }
}
