-- Grades summed per pupil at load instead of grouped row by row at every refresh
-- (docs/performance.md, "grades summed at load").
--
-- pupil_grade_summaries: per grade file, (term, school) and pupil identifier, what its rows
-- give: the grades in force and the measures derived from them (`PupilGrades`). Written by
-- the load as the identifier's rows go by; `fragmented` = 1 when its rows were not together
-- in the file, and the refresh then reads its rows instead.
create table pupil_grade_summaries (
  file_id          integer not null references etl_files (file_id),
  term             text not null,
  school_unit_code text not null,
  identity_key     integer not null references pupil_identities (identity_key),
  grade_year       integer not null,         -- of the latest row (betygsdatum, then line)
  n_grades         integer not null,
  n_passed         integer not null,
  merit_value      real not null,
  passed_swedish   integer not null,         -- SV or SVA
  passed_english   integer not null,
  passed_maths     integer not null,
  passed_others    integer not null,         -- passed subjects but SV, SVA, EN, MA
  fragmented       integer not null default 0,
  primary key (file_id, term, school_unit_code, identity_key)
) strict, without rowid;

-- The grade files whose every identifier has its summary: the refresh reads the rows of any
-- other grade file (loaded before this migration) as before.
create table summarized_grade_files (
  file_id integer primary key references etl_files (file_id)
) strict;

-- 040_grades: per pupil, school and term, the measures of the grades in force, from the
-- partition's owner file (replaces grades_in_force: one row per pupil, not per grade).
create table pupil_grade_facts (
  term             text not null,
  school_unit_code text not null,
  pupil_key        integer not null,
  grade_year       integer not null,
  n_grades         integer not null,
  n_passed         integer not null,
  merit_value      real not null,
  passed_swedish   integer not null,
  passed_english   integer not null,
  passed_maths     integer not null,
  passed_others    integer not null,
  primary key (term, school_unit_code, pupil_key)   -- term first: a new term appends
) strict, without rowid;

drop table if exists grades_in_force;

-- Every partition recomputed at the next refresh, into the new table.
insert into warehouse_meta (key, value) values ('refresh_full', '1')
on conflict (key) do update set value = '1';
