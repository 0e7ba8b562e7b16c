-- PostgreSQL only: every committed change of the registry version wakes the long-polls of every
-- instance on this database (LISTEN registry_changes). The payload stays empty so PostgreSQL
-- folds the notifications of one transaction into one; listeners read the version from the log.
-- The migration runner splits statements at line ends: keep the function on one line.
CREATE OR REPLACE FUNCTION registry_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('registry_changes', ''); RETURN NULL; END $$;
CREATE TRIGGER registry_state_changed AFTER UPDATE OF version ON registry_state
  FOR EACH ROW WHEN (OLD.version IS DISTINCT FROM NEW.version) EXECUTE FUNCTION registry_notify_change();
