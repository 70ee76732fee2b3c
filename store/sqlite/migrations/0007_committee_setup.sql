-- A committee's own document blocks (signers, distribution lists) as JSON,
-- and whether it is still being set up; whether a user must replace a
-- password someone else handed out.
ALTER TABLE committees ADD COLUMN documents TEXT NOT NULL DEFAULT '{}';
ALTER TABLE committees ADD COLUMN incomplete INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
