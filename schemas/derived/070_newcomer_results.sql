-- Newcomers' results, all schools together, by need group and years in Swedish school.
drop table if exists newcomer_results_facts;
create table newcomer_results_facts (
  term                      text not null,
  grade_year                integer not null,
  need_group                integer,
  years_in_swedish_school   integer not null,
  n_pupils                  integer not null,
  mean_merit_value          real,
  share_eligible_vocational real,
  share_all_subjects_passed real,
  suppressed                integer not null
) strict;

insert into newcomer_results_facts
with aggregated as (
  select term, grade_year, need_group, years_in_swedish_school,
         count(*) as n_pupils,
         sum(n_passed > 0) as n_in_mean,
         avg(case when n_passed > 0 then merit_value end) as mean_merit,
         avg(eligible_vocational) as share_voc,
         avg(all_subjects_passed) as share_all
  from pupil_term_facts where is_newcomer = 1
  group by term, grade_year, need_group, years_in_swedish_school
)
select term, grade_year, need_group, years_in_swedish_school, n_pupils,
       case when n_pupils >= min_pupils and n_in_mean >= min_pupils then mean_merit end,
       case when n_pupils >= min_pupils then share_voc end,
       case when n_pupils >= min_pupils then share_all end,
       n_pupils < min_pupils
from aggregated cross join settings;

-- The cells added up along one dimension (newcomer_results_margins): newcomers' results by
-- need group over every years in Swedish school, and the reverse, each over the pupils (not
-- a mean of the cells); the same suppression as the cells.
drop table if exists newcomer_results_by_dimension;
drop table if exists newcomer_results_margins_facts;
create table newcomer_results_margins_facts (
  term                      text not null,
  grade_year                integer not null,
  dimension                 text not null check (dimension in ('years_in_swedish_school', 'need_group')),
  value                     integer,
  n_pupils                  integer not null,
  mean_merit_value          real,
  share_eligible_vocational real,
  share_all_subjects_passed real,
  suppressed                integer not null
) strict;

insert into newcomer_results_margins_facts
with source as (
  select term, grade_year, 'years_in_swedish_school' as dimension, years_in_swedish_school as value,
         n_passed, merit_value, eligible_vocational, all_subjects_passed
  from pupil_term_facts where is_newcomer = 1
  union all
  select term, grade_year, 'need_group', need_group, n_passed, merit_value, eligible_vocational, all_subjects_passed
  from pupil_term_facts where is_newcomer = 1
),
aggregated as (
  select term, grade_year, dimension, value, count(*) as n_pupils, sum(n_passed > 0) as n_in_mean,
         avg(case when n_passed > 0 then merit_value end) as mean_merit, avg(eligible_vocational) as share_voc,
         avg(all_subjects_passed) as share_all
  from source group by term, grade_year, dimension, value
)
select term, grade_year, dimension, value, n_pupils,
       case when n_pupils >= min_pupils and n_in_mean >= min_pupils then mean_merit end,
       case when n_pupils >= min_pupils then share_voc end,
       case when n_pupils >= min_pupils then share_all end,
       n_pupils < min_pupils
from aggregated cross join settings;
