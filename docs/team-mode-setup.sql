-- Samskab team mode: what IT runs once on the PostgreSQL server (as a superuser, in psql).
-- Replace the passwords; add one login per person (the last block). Tested by
-- tests/it/team.rs (`the_setup_sql_for_it_gives_people_what_they_need`), which runs this
-- file with its names made unique.

-- The owner of Samskab's tables. Used only by IT, for `samskab --migrate`.
CREATE ROLE samskab_owner LOGIN PASSWORD 'skift-mig-ejer';
-- Everyone who uses Samskab is a member of this group.
CREATE ROLE samskab_bruger NOLOGIN;

CREATE DATABASE samskab OWNER samskab_owner ENCODING 'UTF8' TEMPLATE template0;
\connect samskab
REVOKE ALL ON DATABASE samskab FROM PUBLIC;
GRANT CONNECT ON DATABASE samskab TO samskab_bruger;
GRANT USAGE ON SCHEMA public TO samskab_bruger;
-- Tables that `samskab --migrate` creates are open to the group: read and write, never
-- their structure.
ALTER DEFAULT PRIVILEGES FOR ROLE samskab_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO samskab_bruger;

-- One login per person (their AD user name, say), in the group:
CREATE ROLE ab1234 LOGIN PASSWORD 'skift-mig' IN ROLE samskab_bruger;
