-- The derived tables kept between refreshes: the refresh updates them partition by
-- partition (schemas/derived/ fills them; a full refresh recomputes every partition), so
-- they are the warehouse's state like the core tables, and their DDL lives here, in an
-- append-only migration: a change to one is a new migration. Created "if not exists":
-- warehouses built before this migration already have them, created by the refresh with
-- the same columns.

-- 030_pupils: every identifier → the pupil it belongs to (a linked temporary id → the
-- personnummer's pupil), with what that pupil's own id says.
create table if not exists pupils (
  identity_key       integer primary key,
  pupil_key          integer not null,         -- identity_key of the pupil's own identifier
  pupil_id           text not null,
  pupil_kind         text not null,
  birth_date         text not null,
  sex                text,
  unknown_background integer not null
) strict;

-- 040_grades: the file whose grades stand in each (school, term) partition.
create table if not exists grade_partition_owners (
  school_unit_code text not null,
  term             text not null,
  file_id          integer not null,
  primary key (school_unit_code, term)
) strict, without rowid;

-- 040_grades: the grades that count.
create table if not exists grades_in_force (
  school_unit_code text not null,
  term             text not null,
  pupil_key        integer not null,
  subject          text not null,
  grade            text not null,
  points           real not null,
  grade_year       integer not null,         -- of this grade's row
  recency          integer not null,         -- betygsdatum (YYYYMMDD) * 10^9 + line: later wins
  kind             integer not null,         -- 1 SV, 2 SVA, 3 EN, 4 MA, 5 M2, 0 any other subject
  -- term first: a night's new term is appended at the end of the tree, not spread between
  -- every school's earlier terms
  primary key (term, school_unit_code, pupil_key, subject)
) strict, without rowid;

-- 050_pupil_term_results: one row per counted pupil per school and term.
create table if not exists pupil_term_facts (
  pupil_id                text not null,
  pupil_key               integer not null,   -- pupils.pupil_key: finds a pupil's partitions
  school_unit_code        text not null,
  term                    text not null,
  school_year             text not null,
  grade_year              integer not null,
  sex                     text,
  n_grades                integer not null,
  n_passed                integer not null,
  merit_value             real not null,
  all_subjects_passed     integer not null,
  eligible_vocational     integer not null,
  eligible_higher_ed      integer not null,
  is_newcomer             integer not null,
  is_newly_immigrated     integer not null,
  unknown_background      integer not null,
  need_group              integer,
  years_in_swedish_school integer,
  primary key (term, school_unit_code, pupil_id)   -- term first, as in grades_in_force
) strict, without rowid;
create index if not exists pupil_term_facts_by_pupil on pupil_term_facts (pupil_key);

-- 060_results_school_term.
create table if not exists results_school_term_facts (
  school_unit_code          text not null,
  school_name               text,
  district                  text,
  term                      text not null,
  grade_year                integer not null,
  population                text not null,
  sex                       text not null,
  n_pupils                  integer not null,
  n_pupils_in_mean          integer not null,
  sum_merit_in_mean         real,
  mean_merit_value          real,
  share_eligible_vocational real,
  share_eligible_higher_ed  real,
  share_all_subjects_passed real,
  suppressed                integer not null,
  primary key (term, school_unit_code, grade_year, population, sex)   -- a new term appends
) strict, without rowid;

-- 080_school_disparity.
create table if not exists school_disparity_facts (
  term                          text not null,
  grade_year                    integer not null,
  population                    text not null,
  n_schools                     integer not null,
  n_pupils_in_means             integer not null,
  mean_of_school_means          real,
  min_school_mean               real,
  p10_school_mean               real,
  median_school_mean            real,
  p90_school_mean               real,
  max_school_mean               real,
  gap_p90_p10                   real,
  between_school_variance_share real,
  gap_change_vs_prev_year       real,
  primary key (term, grade_year, population)
) strict, without rowid;

-- 090_focus_area_followup (scale_min/max: the survey's, for the low_survey signal).
create table if not exists focus_area_facts (
  school_unit_code text not null,
  survey           text not null,
  term             text not null,
  focus_area       text not null,
  role             text not null,
  n_respondents    integer not null,
  mean_score       real,
  share_dont_know  real,
  suppressed       integer not null,
  scale_min        integer not null,
  scale_max        integer not null,
  primary key (school_unit_code, survey, term, focus_area, role)
) strict, without rowid;

-- A survey response's term (docs/views.md): VT for January–June, HT for July–December of
-- the date it was submitted (Europe/Stockholm). The one home of this rule: the scope, the
-- term calendar and the survey follow-up read it.
create view if not exists survey_response_terms as
select r.*,
       case when cast(substr(r.submitted_on, 6, 2) as integer) <= 6 then 'VT' else 'HT' end
         || substr(r.submitted_on, 1, 4) as term
from survey_responses r;
