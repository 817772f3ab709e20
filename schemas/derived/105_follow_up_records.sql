-- The administration's records as they stand: each activity as its latest row by insats_id,
-- each allocation as the latest row for its (school, school year), each target as its latest
-- row by mal_id ("latest": the file processed later, then the later line). Free text stays
-- in the core tables, for the steward only. Small: rebuilt whole.
drop table if exists current_activities;
create table current_activities (
  activity_id      text primary key,
  school_unit_code text not null,
  kind             text not null,
  focus_area       text not null,
  start_term       text not null,
  end_term         text,
  cost_kr          integer
) strict;

insert into current_activities
select activity_id, school_unit_code, kind, focus_area, start_term, end_term, cost_kr
from (select *, row_number() over (partition by activity_id order by file_id desc, line_number desc) as k from activity_rows)
where k = 1;

drop table if exists current_resources;
create table current_resources (
  school_unit_code            text not null,
  school_year                 text not null,
  n_pupils_allocated          integer not null,
  socioeconomic_supplement_kr integer not null,
  nyanlandpeng_kr             integer not null,
  primary key (school_unit_code, school_year)
) strict;

insert into current_resources
select school_unit_code, school_year, n_pupils_allocated, socioeconomic_supplement_kr, nyanlandpeng_kr
from (select *, row_number() over (partition by school_unit_code, school_year order by file_id desc, line_number desc) as k
      from resource_rows)
where k = 1;

drop table if exists current_targets;
create table current_targets (
  target_id         text primary key,
  scope             text not null,
  school_unit_code  text,
  focus_area        text,
  measure           text not null,
  population        text not null,
  grade_year        integer not null,
  survey            text,
  survey_focus_area text,
  baseline_term     text not null,
  target_term       text not null,
  target_value      real not null
) strict;

insert into current_targets
select target_id, scope, school_unit_code, focus_area, measure, population, grade_year, survey, survey_focus_area,
       baseline_term, target_term, target_value
from (select *, row_number() over (partition by target_id order by file_id desc, line_number desc) as k from target_rows)
where k = 1;
