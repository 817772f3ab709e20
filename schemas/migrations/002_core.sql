-- Core tables: every loaded row, typed and pseudonymised, keyed by the file and line it
-- came from. Derived tables (schemas/derived) and views (schemas/views) are computed from
-- these alone, so the result does not depend on how files were split over nights.

-- The school unit register, row by row as delivered. Versions (valid from / to) are
-- derived from these in processing order (schemas/derived/010_school_versions.sql).
create table school_register_rows (
  file_id             integer not null references etl_files (file_id),
  line_number         integer not null,
  school_unit_code    text not null,
  school_name         text not null,
  district            text,
  organiser           text,                   -- huvudman: kommunal | fristående
  grade_span          text,
  socioeconomic_index real,
  valid_from_given    text,                   -- giltig_from as delivered, NULL when empty
  run_date            text not null,          -- the loading run's date (UTC)
  primary key (file_id, line_number)
) strict;
create index school_register_rows_by_code on school_register_rows (school_unit_code);

-- One row per distinct identifier seen (hashed), with what the identifier itself says.
-- identity_key is a compact surrogate for the joins of the refresh; identity_id is the
-- pseudonym itself.
create table pupil_identities (
  identity_key integer primary key,
  identity_id  text not null unique,          -- HMAC of the normalized identifier
  kind         text not null check (kind in ('personnummer', 'samordningsnummer', 'temporary')),
  birth_date   text not null,
  sex          text check (sex in ('female', 'male'))
) strict;

create table newcomer_registrations (
  file_id             integer not null references etl_files (file_id),
  line_number         integer not null,
  registration_date   text not null,
  school_unit_code    text not null,
  pnr_identity        integer references pupil_identities (identity_key),
  temp_identity       integer references pupil_identities (identity_key),
  school_start_sweden text not null,
  arrival_date        text,
  need_group          integer check (need_group between 1 and 4),
  mapping_completed   text,
  mother_tongue       text,
  primary key (file_id, line_number),
  check (pnr_identity is not null or temp_identity is not null)
) strict;
create index newcomer_registrations_by_pnr on newcomer_registrations (pnr_identity);
create index newcomer_registrations_by_temp on newcomer_registrations (temp_identity);

-- Clustered by (file_id, line_number): a load appends at the end of the tree, and a
-- quarantined file's rows are one range. No other index: the refresh reads it whole.
create table grade_rows (
  file_id          integer not null references etl_files (file_id),
  line_number      integer not null,
  identity_key     integer not null references pupil_identities (identity_key),
  school_unit_code text not null,
  term             text not null,
  grade_year       integer not null check (grade_year between 6 and 9),
  subject          text not null,
  grade            text not null check (grade in ('A', 'B', 'C', 'D', 'E', 'F', '-')),
  grade_date       text not null,
  primary key (file_id, line_number)
) strict, without rowid;

create table survey_definitions (
  survey     text not null,
  file_id    integer not null references etl_files (file_id),
  title      text,
  scale_min  integer not null,
  scale_max  integer not null,
  dont_know  text not null,                   -- JSON array of lower-cased words
  primary key (survey, file_id)
) strict;

create table survey_questions (
  survey      text not null,
  file_id     integer not null,
  question_id text not null,
  text        text,
  focus_area  text not null
              check (focus_area in ('elevhalsa', 'nyanlanda', 'fritidshem', 'digitalisering', 'ovrigt')),
  reversed    integer not null check (reversed in (0, 1)),
  primary key (survey, file_id, question_id),
  foreign key (survey, file_id) references survey_definitions (survey, file_id)
) strict;

create table survey_responses (
  survey           text not null,
  response_id      text not null,             -- svar_id
  file_id          integer not null references etl_files (file_id),
  line_number      integer not null,
  school_unit_code text not null,
  submitted_on     text not null,             -- date in Europe/Stockholm
  role             text,
  level            text,
  primary key (survey, response_id, file_id, line_number)
) strict;

-- Raw answers, one per non-empty cell: a number on the scale, or a don't-know word.
create table survey_answers (
  survey      text not null,
  response_id text not null,
  file_id     integer not null,
  line_number integer not null,
  question_id text not null,
  value       integer,                        -- NULL = don't know
  primary key (file_id, line_number, question_id)
) strict;

-- Settings the derived tables read (reference dates, thresholds), written by each refresh.
create table pipeline_settings (
  key   text primary key,
  value
);

-- Which (school, term) partitions each grade file holds: written when the file loads, so
-- the refresh finds partition owners without scanning every grade row.
create table grade_file_partitions (
  file_id          integer not null references etl_files (file_id),
  school_unit_code text not null,
  term             text not null,
  primary key (file_id, school_unit_code, term)
) strict, without rowid;
create index grade_file_partitions_by_partition on grade_file_partitions (school_unit_code, term);

-- What the loads since the last refresh touched: the refresh recomputes only these
-- partitions, and the partitions of these pupils (a registration or a link changes a
-- pupil's status in every term). Emptied by each refresh, in its transaction.
create table refresh_dirty_partitions (
  school_unit_code text not null,
  term             text not null,
  primary key (school_unit_code, term)
) strict, without rowid;

create table refresh_dirty_identities (
  identity_key integer primary key
) strict;
