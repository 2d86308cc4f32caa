-- The audit log's retention rule on the shared database (issue 11): Indstillinger sets how
-- many months an entry is kept; an administrator's Samskab removes older entries from the
-- start through audit_remove_before(), which runs with the owner's rights. It removes only
-- from the start (the chain stays whole from the first entry kept) and never the last entry
-- (the next one chains to it). No login may DELETE from the table directly.
CREATE FUNCTION audit_remove_before(p_cutoff timestamptz) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
    AS $$
DECLARE
    removed bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(6001066839127171633);
    DELETE FROM audit_log WHERE seq < least(
        (SELECT min(a.seq) FROM audit_log a WHERE a.at >= p_cutoff),
        (SELECT max(a.seq) FROM audit_log a));
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed;
END $$;
REVOKE ALL ON FUNCTION audit_remove_before(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_remove_before(timestamptz) TO samskab_admin;
