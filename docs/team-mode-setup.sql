-- Samskab team mode: what IT runs once on the PostgreSQL server (as a superuser, in psql),
-- before the first `samskab --migrate`. Replace the passwords; add one login per person
-- (the last block). Tested by tests/it/team.rs
-- (`the_setup_sql_for_it_gives_people_what_they_need`), which runs this file with the
-- owner, database and person made unique.

-- Samskab's roles, as group roles (made only if missing). What each may do is granted by
-- the migrations. One server, one unit: for a second unit's database on the same server,
-- give it a CONNECT role of its own instead of samskab_bruger (docs/team-mode.md §1).
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['samskab_bruger', 'samskab_konsulent', 'samskab_peer',
                           'samskab_leder', 'samskab_admin'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', r);
    END IF;
  END LOOP;
END $$;
-- Every role is a Samskab user (may connect, read the schema version and settings).
GRANT samskab_bruger TO samskab_konsulent, samskab_peer, samskab_leder, samskab_admin;

-- The owner of Samskab's tables. Used only by IT, for `samskab --migrate`.
CREATE ROLE samskab_owner LOGIN PASSWORD 'skift-mig-ejer';

CREATE DATABASE samskab OWNER samskab_owner ENCODING 'UTF8' TEMPLATE template0;
\connect samskab
REVOKE ALL ON DATABASE samskab FROM PUBLIC;
GRANT CONNECT ON DATABASE samskab TO samskab_bruger;
GRANT USAGE ON SCHEMA public TO samskab_bruger;

-- One login per person (their AD user name, say), in the group of their role(s):
-- samskab_konsulent, samskab_peer, samskab_leder, samskab_admin.
CREATE ROLE ab1234 LOGIN PASSWORD 'skift-mig' IN ROLE samskab_konsulent;
