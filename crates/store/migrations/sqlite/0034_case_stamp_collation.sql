-- PostgreSQL only (the case stamps' user ids get the bytewise collation of every other id).
-- SQLite compares every text bytewise unless told otherwise.
SELECT 1;
