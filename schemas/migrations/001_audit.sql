-- Audit tables: what every run did with every file and row. Read by data stewards.

create table warehouse_meta (
  key   text primary key,
  value text not null
) strict;

create table etl_runs (
  run_id            integer primary key,
  started_at        text not null,
  finished_at       text,
  status            text not null check (status in ('running', 'succeeded', 'failed', 'partial')),
  command           text not null,
  pid               integer not null,
  resumes_run_id    integer references etl_runs (run_id),
  inbox             text,
  files_loaded      integer not null default 0,
  files_quarantined integer not null default 0,
  files_other       integer not null default 0,
  rows_loaded       integer not null default 0,
  rows_rejected     integer not null default 0,
  error             text
) strict;

create table etl_files (
  file_id            integer primary key,
  run_id             integer not null references etl_runs (run_id),
  feed               text not null,
  file_name          text not null,
  sha256             text,
  bytes              integer,
  status             text not null
                     check (status in ('loaded', 'quarantined', 'skipped_duplicate', 'ignored')),
  reason_code        text,
  message            text,
  rows_read          integer not null default 0,
  rows_loaded        integer not null default 0,
  rows_rejected      integer not null default 0,
  encoding           text,
  delimiter          text,
  extra_columns      text,
  -- The file_id under which this content was first seen: a grade file replaces only
  -- grades of files first seen before it, even when re-processed later.
  first_seen_file_id integer not null,
  recorded_at        text not null,
  check (status <> 'loaded' or rows_read = rows_loaded + rows_rejected)
) strict;
create index etl_files_by_content on etl_files (sha256);
create index etl_files_by_name on etl_files (file_name, sha256);

create table etl_rejects (
  reject_id   integer primary key,
  file_id     integer not null references etl_files (file_id),
  line_number integer not null,
  reason_code text not null,
  column_name text,
  message     text not null,
  raw_line    text not null
) strict;
create index etl_rejects_by_file on etl_rejects (file_id, line_number);

-- One row per stage of a run (per file for extract/validate/load, per run for refresh).
create table etl_stages (
  stage_id    integer primary key,
  run_id      integer not null references etl_runs (run_id),
  stage       text not null check (stage in ('extract', 'validate', 'transform', 'load', 'refresh')),
  file_id     integer references etl_files (file_id),
  file_name   text,
  status      text not null check (status in ('running', 'succeeded', 'failed')),
  rows_in     integer,
  rows_out    integer,
  started_at  text not null,
  finished_at text,
  seconds     real,
  error       text
) strict;
create index etl_stages_by_run on etl_stages (run_id);
