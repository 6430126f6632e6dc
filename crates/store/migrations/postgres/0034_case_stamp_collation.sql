-- The case stamps' user ids compare bytewise, as every other id column does (COLLATE "C",
-- 0001). Under the server's default collation a stamp looked up by another table's id
-- (the session's user, a course's job specialist) could not use the key's index, and
-- PostgreSQL read the whole hot-updated table on every request instead.
ALTER TABLE case_stamp ALTER COLUMN user_id TYPE TEXT COLLATE "C";
