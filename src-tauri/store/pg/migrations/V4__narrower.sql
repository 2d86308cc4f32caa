-- Samskab never deletes a record: a consultant's login may delete only what Samskab
-- itself removes (a saved draft, a cleared contributor reference).
REVOKE DELETE ON ALL TABLES IN SCHEMA public FROM samskab_konsulent;
GRANT DELETE ON drafts, contributors TO samskab_konsulent;

-- A project's GRIPP2 draft is one document for the unit (owner 'shared'); everything else
-- in drafts stays its writer's own.
DROP POLICY own_drafts ON drafts;
CREATE POLICY own_or_shared_drafts ON drafts
    USING (owner = current_user OR owner = 'shared')
    WITH CHECK (owner = current_user OR owner = 'shared');
