-- Samskab's records on PostgreSQL: a table per kind of record (uuid id, version, typed
-- columns for what a list, filter or search uses, the rest as jsonb), indexes where the
-- embedded store keeps index trees, and counter rows for the Oversigt figures.
-- Search columns hold text folded by Samskab itself (lower case, æ, ø, å kept), so a
-- search finds the same on both stores whatever the server's collation.

CREATE TABLE settings (
    key  text PRIMARY KEY,
    body jsonb NOT NULL
);

CREATE TABLE projects (
    id       uuid PRIMARY KEY,
    version  bigint NOT NULL CHECK (version > 0),
    archived boolean NOT NULL,
    phase    text NOT NULL,
    title    text NOT NULL,
    search   text NOT NULL,
    body     jsonb NOT NULL
);
CREATE INDEX projects_by_phase ON projects (archived, phase);

CREATE TABLE phase_changes (
    project_id uuid NOT NULL REFERENCES projects (id) DEFERRABLE INITIALLY DEFERRED,
    id         uuid NOT NULL,
    body       jsonb NOT NULL,
    PRIMARY KEY (project_id, id)
);

CREATE TABLE members (
    id      uuid PRIMARY KEY,
    version bigint NOT NULL CHECK (version > 0),
    body    jsonb NOT NULL
);

CREATE TABLE meetings (
    id      uuid PRIMARY KEY,
    version bigint NOT NULL CHECK (version > 0),
    status  text NOT NULL,
    body    jsonb NOT NULL
);
CREATE INDEX meetings_planned ON meetings (id) WHERE status = 'planned';

CREATE TABLE consultations (
    id         uuid PRIMARY KEY,
    version    bigint NOT NULL CHECK (version > 0),
    project_id uuid NOT NULL REFERENCES projects (id) DEFERRABLE INITIALLY DEFERRED,
    meeting_id uuid REFERENCES meetings (id) DEFERRABLE INITIALLY DEFERRED,
    body       jsonb NOT NULL
);
CREATE INDEX consultations_by_project ON consultations (project_id, id);
CREATE INDEX consultations_requested ON consultations (id) WHERE meeting_id IS NULL;

CREATE TABLE feedback_points (
    id              uuid PRIMARY KEY,
    version         bigint NOT NULL CHECK (version > 0),
    project_id      uuid NOT NULL REFERENCES projects (id) DEFERRABLE INITIALLY DEFERRED,
    consultation_id uuid NOT NULL REFERENCES consultations (id) DEFERRABLE INITIALLY DEFERRED,
    given_on        date NOT NULL,
    loop_status     text NOT NULL,
    answer_status   text,
    answer_date     date,
    themes          text[] NOT NULL,
    folded_themes   text[] NOT NULL,
    search          text NOT NULL,
    body            jsonb NOT NULL
);
CREATE INDEX feedback_points_by_consultation ON feedback_points (consultation_id, id);
CREATE INDEX feedback_points_by_project ON feedback_points (project_id, given_on);
CREATE INDEX feedback_points_by_date ON feedback_points (given_on DESC, id DESC);
CREATE INDEX feedback_points_to_report_back ON feedback_points (id) WHERE loop_status = 'answered';

CREATE TABLE activities (
    id         uuid PRIMARY KEY,
    version    bigint NOT NULL CHECK (version > 0),
    project_id uuid NOT NULL REFERENCES projects (id) DEFERRABLE INITIALLY DEFERRED,
    body       jsonb NOT NULL
);
CREATE INDEX activities_by_project ON activities (project_id, id);

CREATE TABLE inputs (
    id            uuid PRIMARY KEY,
    version       bigint NOT NULL CHECK (version > 0),
    project_id    uuid NOT NULL REFERENCES projects (id) DEFERRABLE INITIALLY DEFERRED,
    activity_id   uuid REFERENCES activities (id) DEFERRABLE INITIALLY DEFERRED,
    source        text NOT NULL,
    given_on      date NOT NULL,
    loop_status   text NOT NULL,
    answer_status text,
    answer_date   date,
    themes        text[] NOT NULL,
    folded_themes text[] NOT NULL,
    search        text NOT NULL,
    body          jsonb NOT NULL
);
CREATE INDEX inputs_by_project ON inputs (project_id, given_on);
CREATE INDEX inputs_by_date ON inputs (given_on DESC, id DESC);
CREATE INDEX inputs_to_report_back ON inputs (id) WHERE loop_status = 'answered';

-- Who gave an input, kept apart from the input itself.
CREATE TABLE contributors (
    input_id uuid PRIMARY KEY REFERENCES inputs (id) DEFERRABLE INITIALLY DEFERRED,
    text     text NOT NULL
);

-- Text typed but not yet saved as a record.
CREATE TABLE drafts (
    key  text PRIMARY KEY,
    text text NOT NULL
);

-- The Oversigt figures, changed in the same transaction as the records they count.
CREATE TABLE counters (
    name text NOT NULL,
    key  text NOT NULL,
    n    bigint NOT NULL,
    PRIMARY KEY (name, key)
);
