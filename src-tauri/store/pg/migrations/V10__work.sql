-- Hours, impact logs and the register of information material (issue 13).
--
-- Who may do what (domain::roles::allows is the same table for the program):
--   samskab_konsulent  everything
--   samskab_peer       registers hours and sees only their own (row-level security)
--   samskab_leder      reads hours, impact logs and materials for Oversigt and reports

CREATE TABLE time_entries (
    id         uuid PRIMARY KEY,
    version    bigint NOT NULL CHECK (version > 0),
    project_id uuid NOT NULL REFERENCES projects (id) DEFERRABLE INITIALLY DEFERRED,
    date       date NOT NULL,
    -- Whose time it is: the login that registered it (the body's "by").
    owner      text NOT NULL,
    body       jsonb NOT NULL
);
CREATE INDEX time_entries_by_date ON time_entries (date);
CREATE INDEX time_entries_by_project ON time_entries (project_id);

ALTER TABLE time_entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY time_entries_all ON time_entries TO samskab_konsulent, samskab_leder
    USING (true) WITH CHECK (true);
CREATE POLICY time_entries_own ON time_entries TO samskab_peer
    USING (owner = current_user) WITH CHECK (owner = current_user);

CREATE TABLE impact_entries (
    id         uuid PRIMARY KEY,
    version    bigint NOT NULL CHECK (version > 0),
    project_id uuid NOT NULL REFERENCES projects (id) DEFERRABLE INITIALLY DEFERRED,
    date       date NOT NULL,
    body       jsonb NOT NULL
);
CREATE INDEX impact_entries_by_project ON impact_entries (project_id, date);
CREATE INDEX impact_entries_by_date ON impact_entries (date);

CREATE TABLE materials (
    id          uuid PRIMARY KEY,
    version     bigint NOT NULL CHECK (version > 0),
    project_id  uuid REFERENCES projects (id) DEFERRABLE INITIALLY DEFERRED,
    status      text NOT NULL,
    next_review date NOT NULL,
    body        jsonb NOT NULL
);
CREATE INDEX materials_by_review ON materials (next_review) WHERE status <> 'withdrawn';

GRANT SELECT, INSERT, UPDATE ON time_entries, impact_entries, materials TO samskab_konsulent;
GRANT SELECT, INSERT, UPDATE ON time_entries TO samskab_peer;
GRANT SELECT ON time_entries, impact_entries, materials TO samskab_leder;
