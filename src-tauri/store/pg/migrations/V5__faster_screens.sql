-- Every screen's command answers from an index or a counter, not a scan (issue 10).

-- Free-text search: each word is looked for with LIKE '%word%' in the folded search text,
-- which a trigram index answers. pg_trgm ships with PostgreSQL and is a trusted
-- extension: the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX projects_search ON projects USING gin (search gin_trgm_ops);
CREATE INDEX feedback_points_search ON feedback_points USING gin (search gin_trgm_ops);
CREATE INDEX inputs_search ON inputs USING gin (search gin_trgm_ops);

-- The year report finds the year's answers by their date.
CREATE INDEX feedback_points_by_answer_date ON feedback_points (answer_date)
    WHERE answer_date IS NOT NULL;
CREATE INDEX inputs_by_answer_date ON inputs (answer_date) WHERE answer_date IS NOT NULL;

-- Theme counts are counter rows (name 'theme', key the theme as written), changed with
-- every point and input like the Oversigt figures. Filled here for the data already held.
INSERT INTO counters (name, key, n)
SELECT 'theme', t, count(*)
FROM (SELECT unnest(themes) FROM feedback_points
      UNION ALL
      SELECT unnest(themes) FROM inputs) AS themed (t)
GROUP BY t
ON CONFLICT (name, key) DO UPDATE SET n = excluded.n;

-- What the project list filters and sorts by, and what the year report reads of every
-- project, as columns: reading them from the jsonb body would read every whole record.
ALTER TABLE projects
    ADD COLUMN involvement_level text,
    ADD COLUMN kind              text,
    ADD COLUMN target_groups     text[],
    ADD COLUMN deadline          date,
    ADD COLUMN start_on          date,
    ADD COLUMN updated_at        timestamptz,
    -- The title's Danish sort order: bytes only Samskab computes, so `--migrate` fills
    -- it for the projects already held, after this migration.
    ADD COLUMN title_key         bytea;
UPDATE projects SET
    involvement_level = body->>'involvement_level',
    kind = body->>'kind',
    target_groups = ARRAY(SELECT jsonb_array_elements_text(body->'target_groups')),
    deadline = (body->>'deadline')::date,
    start_on = COALESCE((body->>'start_date')::date,
                        ((body->>'created_at')::timestamptz AT TIME ZONE 'UTC')::date),
    updated_at = (body->>'updated_at')::timestamptz;
ALTER TABLE projects
    ALTER COLUMN involvement_level SET NOT NULL,
    ALTER COLUMN kind SET NOT NULL,
    ALTER COLUMN target_groups SET NOT NULL,
    ALTER COLUMN start_on SET NOT NULL,
    ALTER COLUMN updated_at SET NOT NULL;

-- Meetings are listed by date and time.
ALTER TABLE meetings ADD COLUMN date date, ADD COLUMN time time;
UPDATE meetings SET date = (body->>'date')::date, time = (body->>'time')::time;
ALTER TABLE meetings ALTER COLUMN date SET NOT NULL, ALTER COLUMN time SET NOT NULL;
CREATE INDEX meetings_by_date ON meetings (date, time);

-- The theme filter of the input search.
CREATE INDEX feedback_points_by_theme ON feedback_points USING gin (folded_themes);
CREATE INDEX inputs_by_theme ON inputs USING gin (folded_themes);
