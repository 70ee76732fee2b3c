-- What the resolution says about a task beyond its text: the condition a
-- waiting task waits for, and the task's footnotes (a JSON list; '' for
-- none).
ALTER TABLE tasks ADD COLUMN condition TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN footnotes TEXT NOT NULL DEFAULT '';
