-- Database roles for a ccsc-gov database shared on a PostgreSQL server.
--
--   the owner      (ccsc_owner in the README) owns the schema; used only to create and upgrade
--                  it (`ccsc-gov init`, and the first start of each new version)
--   ccsc_clerk     committee clerks: read and change the records, day to day
--   ccsc_reviewer  chairs and others who review: read everything, change nothing
--
-- No role used day to day owns anything: a clerk cannot drop or disable a trigger, replace a
-- function, truncate a table or write to the audit trail. The database's own triggers write
-- every change into it; a clerk may add only a note (an override, a review) or the seal of
-- minutes approved in the same transaction, through the owner's functions, which stamp the time
-- and the clerk's login themselves.
--
-- Run it as the server's administrator (a role that may create roles, such as postgres),
-- connected to the app's database, once the owner has created the schema:
--
--   psql -v ON_ERROR_STOP=1 -d ccsc -f deploy/postgresql-roles.sql
--
-- Running it again is harmless (after an upgrade, run it again).

DO $$
DECLARE
    owner name;
BEGIN
    SELECT tableowner INTO owner FROM pg_tables
    WHERE schemaname = 'public' AND tablename = 'meeting';
    IF owner IS NULL THEN
        RAISE EXCEPTION 'There is no ccsc-gov schema in database %: run ccsc-gov init with the '
            'owner''s login first, then this script.', current_database();
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ccsc_clerk') THEN
        CREATE ROLE ccsc_clerk NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ccsc_reviewer') THEN
        CREATE ROLE ccsc_reviewer NOLOGIN;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO ccsc_clerk, ccsc_reviewer', current_database());
    -- Tables and sequences a later upgrade (run by the owner) adds get the same rights.
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public '
        'GRANT SELECT ON TABLES TO ccsc_reviewer', owner);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public '
        'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ccsc_clerk', owner);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public '
        'GRANT USAGE, SELECT ON SEQUENCES TO ccsc_clerk', owner);
END
$$;

-- Nobody but the owner creates tables here (the default before PostgreSQL 15 let anyone).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO ccsc_clerk, ccsc_reviewer;

-- Reviewers read, and only read.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ccsc_reviewer;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO ccsc_reviewer;

-- Clerks read and write the records (never TRUNCATE) ...
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ccsc_clerk;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ccsc_clerk;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ccsc_clerk;
-- ... but never write the audit trail themselves (the database's triggers do), beyond a note
-- or a seal through the owner's functions; and the schema's version moves only when the owner
-- upgrades it.
REVOKE INSERT, UPDATE, DELETE ON audit FROM ccsc_clerk;
GRANT EXECUTE ON FUNCTION ccsc_audit_note(text, text, text, text) TO ccsc_clerk;
GRANT EXECUTE ON FUNCTION ccsc_audit_seal(integer, text) TO ccsc_clerk;
REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM ccsc_clerk;
