-- Honoraria and expenses (issue 13): members' claims and the payout lists made from
-- attendance and claims. Amounts are whole øre inside the body.
--
-- Who may do what (domain::roles::allows is the same table for the program):
--   samskab_konsulent  everything
--   samskab_peer       registers and reads claims (trips, tickets) at meetings; never
--                      a payout list
--   samskab_leder      neither (a manager reads figures in reports, not payouts)

CREATE TABLE claims (
    id        uuid PRIMARY KEY,
    version   bigint NOT NULL CHECK (version > 0),
    member_id uuid NOT NULL REFERENCES members (id) DEFERRABLE INITIALLY DEFERRED,
    date      date NOT NULL,
    body      jsonb NOT NULL
);
CREATE INDEX claims_by_date ON claims (date);
CREATE INDEX claims_by_member ON claims (member_id);

CREATE TABLE payout_lists (
    id          uuid PRIMARY KEY,
    version     bigint NOT NULL CHECK (version > 0),
    period_from date NOT NULL,
    period_to   date NOT NULL CHECK (period_to >= period_from),
    status      text NOT NULL,
    body        jsonb NOT NULL,
    -- Two lists that count (not withdrawn) never share a day, even when two PCs approve
    -- at the same moment.
    CONSTRAINT payout_lists_no_overlap
        EXCLUDE USING gist (daterange(period_from, period_to, '[]') WITH &&)
        WHERE (status <> 'withdrawn')
);

-- A sent list is locked: no login may delete it or change its period, its state or
-- anything of its lines but a note (an erasure at a member's request keeps the accounts,
-- as the accounting rules allow), whatever the program does.
CREATE FUNCTION payout_lines_without_notes(body jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_agg(line - 'note' ORDER BY n), '[]'::jsonb)
    FROM jsonb_array_elements(body->'lines') WITH ORDINALITY AS l (line, n)
$$;

CREATE FUNCTION payout_lists_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'sent' AND (
        TG_OP = 'DELETE'
        OR NEW.status <> 'sent'
        OR NEW.period_from <> OLD.period_from
        OR NEW.period_to <> OLD.period_to
        OR payout_lines_without_notes(NEW.body) <> payout_lines_without_notes(OLD.body)
    ) THEN
        RAISE EXCEPTION 'a sent payout list is locked' USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER payout_lists_locked BEFORE UPDATE OR DELETE ON payout_lists
    FOR EACH ROW EXECUTE FUNCTION payout_lists_locked();

GRANT SELECT, INSERT, UPDATE ON claims, payout_lists TO samskab_konsulent;
GRANT SELECT, INSERT, UPDATE ON claims TO samskab_peer;
