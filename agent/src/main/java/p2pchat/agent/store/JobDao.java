package p2pchat.agent.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import p2pchat.agent.Job;

/** The {@code jobs} table (persisted timers). Stateless. */
@RegisterConstructorMapper(Job.class)
interface JobDao extends SqlObject {

  @SqlUpdate(
      """
      INSERT INTO jobs (id, due_at, period_ms, payload, description)
      VALUES (:id, :dueAt, :periodMillis, :payload, :description)
      """)
  void insert(@BindMethods Job job);

  @SqlUpdate("DELETE FROM jobs WHERE id = :id")
  int delete(long id);

  @SqlUpdate("UPDATE jobs SET due_at = :dueAt WHERE id = :id")
  int reschedule(long id, long dueAt);

  @SqlQuery(
      "SELECT id, due_at, period_ms AS period_millis, payload, description FROM jobs ORDER BY due_at, id")
  List<Job> all();

  @SqlQuery("SELECT min(due_at) FROM jobs")
  Optional<Long> nextDue();
}
