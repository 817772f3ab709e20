-- File names may carry a pupil identifier (nyanlanda/Ali 20120315-T042.csv): etl_files,
-- etl_stages and etl_runs keep them masked, and a file's identity — the (path, SHA-256)
-- pair of docs/feeds.md — moves to file_key, a keyed HMAC of the real path. Rows recorded
-- before this migration get their key and their masked name when the warehouse is next
-- opened with the key (Warehouse.prepare).
alter table etl_files add column file_key text;
create index etl_files_by_key on etl_files (file_key, sha256);
