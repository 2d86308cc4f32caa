-- Drafts are what one person has typed and not yet saved: on a shared database each
-- person's are their own. Row-level security keeps every login to its own rows (forced,
-- so the table's owner is held to it too); a row is its writer's by default.
ALTER TABLE drafts ADD COLUMN owner text NOT NULL DEFAULT current_user;
ALTER TABLE drafts DROP CONSTRAINT drafts_pkey;
ALTER TABLE drafts ADD PRIMARY KEY (owner, key);
ALTER TABLE drafts ENABLE ROW LEVEL SECURITY;
ALTER TABLE drafts FORCE ROW LEVEL SECURITY;
CREATE POLICY own_drafts ON drafts
    USING (owner = current_user)
    WITH CHECK (owner = current_user);
