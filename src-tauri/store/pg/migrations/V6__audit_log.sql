-- The audit log of personal data use (issue 11): one row per entry, each chained to the
-- one before by its hash (domain::audit). Every login may append (INSERT) and read only
-- the tail it chains to, through audit_tail(); only samskab_admin reads the log (the
-- screen in Indstillinger and "Kontrollér loggen"). No login may change or delete a row:
-- the retention rule is carried out by the database owner (docs/team-mode.md).
CREATE TABLE audit_log (
    seq bigint PRIMARY KEY,
    at timestamptz NOT NULL,
    who text NOT NULL,
    action text NOT NULL,
    kind text NOT NULL,
    record uuid,
    detail text NOT NULL,
    prev text NOT NULL,
    hash text NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

-- The last entry's number and hash, for the next entry to chain to. Runs with the
-- owner's rights, so that a login that may only INSERT can chain its entry.
CREATE FUNCTION audit_tail() RETURNS TABLE (seq bigint, hash text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$ SELECT a.seq, a.hash FROM audit_log a ORDER BY a.seq DESC LIMIT 1 $$;
REVOKE ALL ON FUNCTION audit_tail() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_tail() TO samskab_bruger;

GRANT INSERT ON audit_log TO samskab_bruger;
GRANT SELECT ON audit_log TO samskab_admin;
