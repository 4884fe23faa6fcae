-- Database roles for a ccsc-gov database shared on a PostgreSQL server.
--
--   ccsc_clerk     committee clerks: read and change the records
--   ccsc_reviewer  chairs and others who review: read everything, change nothing
--
-- Run it connected to the app's database, as the account that owns its tables (the account the
-- app first opened the database with, which created the schema), once the app has created it:
--
--   psql -v ON_ERROR_STOP=1 -d 'postgresql://owner@db-server/ccsc' -f deploy/postgresql-roles.sql
--
-- Then give each person a login of their own in one of the two roles, for example:
--
--   CREATE ROLE alice LOGIN PASSWORD 'choose-one' IN ROLE ccsc_clerk;
--   CREATE ROLE chair LOGIN PASSWORD 'choose-one' IN ROLE ccsc_reviewer;
--
-- Running the script again is harmless. Schema upgrades are for the owner's account: start the
-- new version of the app with it once, before the clerks do.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ccsc_clerk') THEN
        CREATE ROLE ccsc_clerk NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ccsc_reviewer') THEN
        CREATE ROLE ccsc_reviewer NOLOGIN;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO ccsc_clerk, ccsc_reviewer', current_database());
END
$$;

-- Nobody but the owner creates tables here (the default before PostgreSQL 15 let anyone).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO ccsc_clerk, ccsc_reviewer;

-- Reviewers read, and only read.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ccsc_reviewer;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO ccsc_reviewer;

-- Clerks read and write the records ...
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ccsc_clerk;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ccsc_clerk;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ccsc_clerk;
-- ... but the audit trail is only ever added to (its triggers refuse the rest to anyone), and
-- the schema's version moves only when the owner upgrades it.
REVOKE UPDATE, DELETE ON audit FROM ccsc_clerk;
REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM ccsc_clerk;

-- Tables and sequences a later upgrade adds get the same rights.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ccsc_reviewer;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ccsc_clerk;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ccsc_clerk;
