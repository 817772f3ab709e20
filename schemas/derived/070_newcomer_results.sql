-- Newcomers' results, all schools together, by need group and years in Swedish school
-- (the cells), and added up along one dimension (the margins, newcomer_results_margins):
-- by need group over every years in Swedish school, and the reverse, each over the pupils
-- (not a mean of the cells). Both are aggregated and suppressed in one statement, so the
-- rule is written once here.
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

drop table if exists newcomer_results_by_dimension;   -- an earlier version's table, read by nothing
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

drop table if exists temp.newcomer_groups;
create temp table newcomer_groups as
with source as (
  select term, grade_year, need_group, years_in_swedish_school, n_passed, merit_value, eligible_vocational,
         all_subjects_passed
  from pupil_term_facts where is_newcomer = 1
),
aggregated as (
  select 'cell' as dimension, term, grade_year, need_group, years_in_swedish_school, count(*) as n_pupils,
         sum(n_passed > 0) as n_in_mean, avg(case when n_passed > 0 then merit_value end) as mean_merit,
         avg(eligible_vocational) as share_voc, avg(all_subjects_passed) as share_all
  from source group by term, grade_year, need_group, years_in_swedish_school
  union all
  select 'years_in_swedish_school', term, grade_year, null, years_in_swedish_school, count(*), sum(n_passed > 0),
         avg(case when n_passed > 0 then merit_value end), avg(eligible_vocational), avg(all_subjects_passed)
  from source group by term, grade_year, years_in_swedish_school
  union all
  select 'need_group', term, grade_year, need_group, null, count(*), sum(n_passed > 0),
         avg(case when n_passed > 0 then merit_value end), avg(eligible_vocational), avg(all_subjects_passed)
  from source group by term, grade_year, need_group
)
select dimension, term, grade_year, need_group, years_in_swedish_school, n_pupils,
       case when n_pupils >= min_pupils and n_in_mean >= min_pupils then mean_merit end as mean_merit_value,
       case when n_pupils >= min_pupils then share_voc end as share_eligible_vocational,
       case when n_pupils >= min_pupils then share_all end as share_all_subjects_passed,
       n_pupils < min_pupils as suppressed
from aggregated cross join settings;

insert into newcomer_results_facts
select term, grade_year, need_group, years_in_swedish_school, n_pupils, mean_merit_value, share_eligible_vocational,
       share_all_subjects_passed, suppressed
from newcomer_groups where dimension = 'cell';

insert into newcomer_results_margins_facts
select term, grade_year, dimension, case dimension when 'need_group' then need_group else years_in_swedish_school end,
       n_pupils, mean_merit_value, share_eligible_vocational, share_all_subjects_passed, suppressed
from newcomer_groups where dimension <> 'cell';
