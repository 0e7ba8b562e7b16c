package p2pchat.bench;

import java.util.Locale;
import p2pchat.bench.Results.Unit;

/**
 * The report's registry sections: 16 clients from another JVM against the registry on SQLite, then
 * the same loads on PostgreSQL beside them, and failover between instances. Stateless.
 */
final class RegistryRows {
  private RegistryRows() {}

  static void sqlite(Report t, Results results) {
    results.heading("registry, 16 clients from another JVM");
    t.row("lookups", "registry_lookups_per_s", Unit.PER_S, ">= 15,000/s", v -> v >= 15_000);
    t.row("lookup p99", "registry_lookup_p99_ms", Unit.MS, "<= 5 ms", v -> v <= 5);
    t.row("signed heartbeats", "registry_signed_heartbeats_per_s", Unit.PER_S);
    renewals(t, "lease renewals by token" + held(results), "registry_heartbeats_per_s");
    renewalP99(t, "registry_heartbeat_p99_ms");
    t.row(
        "kill -9 -> unreachable, leases held beside it",
        "crash_to_unreachable_loaded_s",
        Unit.S,
        "<= 3 s",
        v -> v <= 3);
  }

  static void postgres(Report t, Results results) {
    results.heading("registry on PostgreSQL, same loads");
    t.vs(
        "lookups",
        "registry_pg_lookups_per_s",
        Unit.PER_S,
        "SQLite",
        results.get("registry_lookups_per_s"),
        null);
    t.vs(
        "signed heartbeats",
        "registry_pg_signed_heartbeats_per_s",
        Unit.PER_S,
        "SQLite",
        results.get("registry_signed_heartbeats_per_s"),
        null);
    t.vs(
        "lease renewals by token" + held(results),
        "registry_pg_heartbeats_per_s",
        Unit.PER_S,
        "SQLite",
        results.get("registry_heartbeats_per_s"),
        renewalTarget(t, "registry_pg_heartbeats_per_s"));
    renewalP99(t, "registry_pg_heartbeat_p99_ms");
    t.row(
        "failover: kill -9 of an instance -> heartbeat on another, worst",
        "registry_failover_s",
        Unit.S,
        "<= 1.5 s",
        v -> v <= 1.5);
  }

  /** How many leases the renewal load held, for the figure's name. */
  private static String held(Results results) {
    Double leases = results.get("registry_leases");
    return leases == null ? "" : String.format(Locale.ROOT, ", %,.0f leases", leases);
  }

  private static void renewals(Report t, String figure, String key) {
    t.row(figure, key, Unit.PER_S, renewalTarget(t, key));
  }

  private static String renewalTarget(Report t, String key) {
    return t.target(key, ">= 12,000/s", v -> v >= 12_000);
  }

  private static void renewalP99(Report t, String key) {
    t.row("lease renewal p99", key, Unit.MS, t.target(key, "<= 50 ms", v -> v <= 50));
  }
}
