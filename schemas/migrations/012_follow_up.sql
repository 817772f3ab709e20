-- The administration's own records, row by row as delivered (feeds insatser, resurser,
-- mal): what it did, what it allocated, what it aims for. Keyed by file and line like
-- every core table; which row stands (the latest by insats_id, (school, school year),
-- mal_id) is decided at refresh, so the result does not depend on how files were split
-- over nights. Free text (`description`) is masked at load and never published.
create table activity_rows (
  file_id          integer not null references etl_files (file_id),
  line_number      integer not null,
  activity_id      text not null,                 -- insats_id
  school_unit_code text not null,
  kind             text not null,                 -- insats, folded: lararcoach, analysstod, …
  focus_area       text not null check (focus_area in ('elevhalsa', 'nyanlanda', 'fritidshem', 'digitalisering', 'maluppfyllelse')),
  start_term       text not null,
  end_term         text,                          -- NULL: ongoing
  cost_kr          integer check (cost_kr >= 0),
  description      text,                          -- masked; the steward's only
  primary key (file_id, line_number)
) strict;
create index activity_rows_by_id on activity_rows (activity_id, file_id, line_number);

create table resource_rows (
  file_id                     integer not null references etl_files (file_id),
  line_number                 integer not null,
  school_unit_code            text not null,
  school_year                 text not null,      -- 2023/24
  n_pupils_allocated          integer not null check (n_pupils_allocated > 0),
  socioeconomic_supplement_kr integer not null check (socioeconomic_supplement_kr >= 0),
  nyanlandpeng_kr             integer not null check (nyanlandpeng_kr >= 0),
  primary key (file_id, line_number)
) strict;

create table target_rows (
  file_id          integer not null references etl_files (file_id),
  line_number      integer not null,
  target_id        text not null,                 -- mal_id
  scope            text not null check (scope in ('stad', 'skola')),
  school_unit_code text,                          -- skola only
  focus_area       text,                          -- fokusomrade
  measure          text not null,
  population       text not null check (population in ('all', 'excl_newcomers', 'newcomers')),
  grade_year       integer not null check (grade_year between 6 and 9),
  survey           text,
  survey_focus_area text,
  baseline_term    text not null,
  target_term      text not null,
  target_value     real not null,
  description      text,                          -- masked; the steward's only
  primary key (file_id, line_number)
) strict;

-- 062_results_city_term: the city as a whole per (term, grade year, population, sex),
-- recomputed for the terms whose school results changed. The sums behind each mean are
-- kept (as in results_school_term_facts) for the public tier's margins.
create table results_city_term_facts (
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
  primary key (term, grade_year, population, sex)
) strict, without rowid;

-- 090_focus_area_followup: the survey follow-up pooled over every school.
create table focus_area_city_facts (
  survey          text not null,
  term            text not null,
  focus_area      text not null,
  role            text not null,
  n_respondents   integer not null,
  mean_score      real,
  share_dont_know real,
  suppressed      integer not null,
  scale_min       integer not null,
  scale_max       integer not null,
  primary key (survey, term, focus_area, role)
) strict, without rowid;
