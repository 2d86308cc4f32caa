-- What each of Samskab's roles may do with each table, enforced by the server as well as by
-- Samskab (domain::roles::allows is the same table for the program). The group roles are
-- made by IT before the first migrate (docs/team-mode-setup.sql); each person's login is
-- a member of one or more of them.
--
--   samskab_konsulent  everything in the unit's data
--   samskab_peer       the Peer-board: meetings, attendance, feedback points; reads
--                      consultations and answers; no contributor references, no input,
--                      no members' contact details
--   samskab_leder      reads projects, Oversigt figures and reports; changes nothing; no
--                      contributor references, no members' contact details
--   samskab_admin      settings
--   samskab_bruger     every user: may connect and read the schema version and settings

-- Members' contact details live in a column of their own, so that a column grant can keep
-- them from the roles that may not see them.
ALTER TABLE members ADD COLUMN contact jsonb NOT NULL DEFAULT '{}'::jsonb;
UPDATE members SET
    contact = jsonb_build_object('email', coalesce(body->'email', '""'),
                                 'phone', coalesce(body->'phone', '""'),
                                 'notes', coalesce(body->'notes', '""')),
    body = body - 'email' - 'phone' - 'notes';

GRANT SELECT ON refinery_schema_history, settings TO samskab_bruger;

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO samskab_konsulent;
REVOKE INSERT, UPDATE, DELETE ON refinery_schema_history FROM samskab_konsulent;

GRANT INSERT, UPDATE ON settings TO samskab_admin;

GRANT SELECT ON projects, phase_changes, meetings, consultations, feedback_points, activities,
    inputs, counters TO samskab_leder;
GRANT SELECT (id, version, body) ON members TO samskab_leder;
-- The GRIPP2 draft of a project is kept as a draft; a manager reads the report.
GRANT SELECT ON drafts TO samskab_leder;

GRANT SELECT ON projects, meetings, consultations, feedback_points, counters TO samskab_peer;
GRANT SELECT (id, version, body) ON members TO samskab_peer;
GRANT INSERT, UPDATE ON meetings, feedback_points, counters TO samskab_peer;
GRANT UPDATE ON consultations TO samskab_peer;
GRANT SELECT, INSERT, UPDATE, DELETE ON drafts TO samskab_peer;
