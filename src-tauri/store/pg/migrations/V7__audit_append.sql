-- The audit log's entries are made by the server (issue 11): audit_append() numbers the
-- entry, stamps who (session_user) and when (now), chains it to the one before and computes
-- its hash exactly as domain::audit::AuditEntry::digest does. No login may INSERT directly,
-- so none can write an entry in another's name, at another time, or out of order.
REVOKE INSERT ON audit_log FROM samskab_bruger;
ALTER TABLE audit_log ADD CONSTRAINT audit_action_known CHECK (action IN (
    'read', 'search', 'create', 'change', 'delete', 'export', 'print', 'backup', 'restore',
    'sign_in', 'failed_sign_in'));

-- One field of the digest: its length (8 bytes, big-endian), then its bytes.
CREATE FUNCTION audit_field(bytes bytea) RETURNS bytea
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT int8send(octet_length(bytes)::bigint) || bytes $$;

CREATE FUNCTION audit_append(p_action text, p_kind text, p_record uuid, p_detail text)
    RETURNS TABLE (seq bigint, at timestamptz, who text, prev text, hash text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
    AS $$
DECLARE
    n bigint;
    t timestamptz := date_trunc('microseconds', now());
    w text := session_user;
    before text;
    h text;
BEGIN
    PERFORM pg_advisory_xact_lock(6001066839127171633);
    SELECT a.seq, a.hash INTO n, before FROM audit_log a ORDER BY a.seq DESC LIMIT 1;
    n := coalesce(n, 0) + 1;
    before := coalesce(before, repeat('0', 64));
    h := encode(sha256(
        audit_field(int8send(n))
        || audit_field(convert_to(
            to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '000Z', 'UTF8'))
        || audit_field(convert_to(w, 'UTF8'))
        || audit_field(convert_to(p_action, 'UTF8'))
        || audit_field(convert_to(p_kind, 'UTF8'))
        || audit_field(coalesce(uuid_send(p_record), decode(repeat('00', 16), 'hex')))
        || audit_field(convert_to(p_detail, 'UTF8'))
        || audit_field(convert_to(before, 'UTF8'))), 'hex');
    INSERT INTO audit_log (seq, at, who, action, kind, record, detail, prev, hash)
        VALUES (n, t, w, p_action, p_kind, p_record, p_detail, before, h);
    RETURN QUERY SELECT n, t, w, before, h;
END $$;
REVOKE ALL ON FUNCTION audit_append(text, text, uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_append(text, text, uuid, text) TO samskab_bruger;

-- The tail was for the program to chain its own entries; the server does that now.
DROP FUNCTION audit_tail();
