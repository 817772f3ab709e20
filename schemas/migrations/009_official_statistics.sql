-- Feed skolverket: Skolverket's official figures per school unit, row by row as delivered
-- (not pupil data). A later file for the same school year replaces an earlier one's rows
-- whole: the refresh reads the latest loaded file of each school year (095).
create table official_statistics_rows (
  file_id                        integer not null references etl_files (file_id),
  line_number                    integer not null,
  school_year                    text not null,      -- 'Valt läsår', e.g. 2024/25
  school_unit_code               text not null,
  school_name                    text not null,
  municipality_code              text not null,      -- 4 digits, text (0180)
  organiser                      text not null check (organiser in ('kommunal', 'enskild')),
  n_pupils                       integer,            -- NULL: '..' or '.'
  share_all_subjects_passed      real,               -- fraction 0-1; NULL: a marker
  share_eligible_vocational      real,
  eligible_vocational_nearly_all integer not null,   -- the '~100' marker
  mean_merit_value               real,
  suppressed                     integer not null,   -- any '..' in the row
  primary key (file_id, school_unit_code)
) strict, without rowid;
create index official_statistics_rows_by_year on official_statistics_rows (school_year, file_id);

-- 085_school_expected_results: the SALSA-like fit per (term, grade year, population),
-- recomputed with the terms whose disparity is.
create table if not exists school_expected_results_facts (
  school_unit_code      text not null,
  school_name           text,
  term                  text not null,
  grade_year            integer not null,
  population            text not null,
  n_pupils_in_mean      integer not null,
  mean_merit_value      real not null,
  socioeconomic_index   real not null,
  share_newcomers       real not null,
  share_boys            real not null,
  expected_merit_value  real,
  residual              real,
  residual_sd           real,
  standardized_residual real,
  below_expected        integer,
  n_schools_in_model    integer not null,
  r_squared             real,
  primary key (term, grade_year, population, school_unit_code)
) strict, without rowid;
