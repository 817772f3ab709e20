-- Skolverket's official figures beside the warehouse's own (feed skolverket): per school
-- unit and school year, from the latest loaded file of that school year (a later file
-- replaces an earlier one's rows whole); and the distribution of school means for all of
-- Sweden, for the municipality (setting municipality_code) and for this warehouse.
-- Small (about 1,700 rows a year): recomputed whole by every refresh.
drop table if exists official_school_results_facts;
create table official_school_results_facts (
  school_year                    text not null,
  school_unit_code               text not null,
  school_name                    text not null,
  municipality_code              text not null,
  organiser                      text not null,
  n_pupils                       integer,
  share_all_subjects_passed      real,
  share_eligible_vocational      real,
  eligible_vocational_nearly_all integer not null,
  mean_merit_value               real,
  suppressed                     integer not null,
  warehouse_mean_merit_value     real,
  difference                     real,
  primary key (school_year, school_unit_code)
) strict, without rowid;

insert into official_school_results_facts
with latest as (
  select school_year, max(file_id) as file_id from official_statistics_rows group by school_year
),
-- The warehouse's own figure: the VT term of the school year (2024/25 → VT2025), grade
-- year 9, population all, sex all; NULL when absent or suppressed.
own as (
  select school_unit_code, term, mean_merit_value from results_school_term_facts
  where grade_year = 9 and population = 'all' and sex = 'all'
)
select o.school_year, o.school_unit_code, o.school_name, o.municipality_code, o.organiser, o.n_pupils,
       o.share_all_subjects_passed, o.share_eligible_vocational, o.eligible_vocational_nearly_all,
       o.mean_merit_value, o.suppressed, w.mean_merit_value, w.mean_merit_value - o.mean_merit_value
from official_statistics_rows o
join latest l using (school_year, file_id)
left join own w on w.school_unit_code = o.school_unit_code
               and w.term = 'VT' || (cast(substr(o.school_year, 1, 4) as integer) + 1);

drop table if exists national_comparison_facts;
create table national_comparison_facts (
  school_year        text not null,
  scope              text not null check (scope in ('sweden', 'municipality', 'warehouse')),
  n_schools          integer not null,
  n_pupils           integer not null,
  p10_school_mean    real,
  median_school_mean real,
  p90_school_mean    real,
  gap_p90_p10        real,
  primary key (school_year, scope)
) strict, without rowid;

insert into national_comparison_facts
with official as (
  select school_year, 'sweden' as scope, n_pupils, mean_merit_value as m from official_school_results_facts
  where n_pupils is not null and mean_merit_value is not null
  union all
  select school_year, 'municipality', n_pupils, mean_merit_value from official_school_results_facts
  where n_pupils is not null and mean_merit_value is not null
    and municipality_code = (select municipality_code from settings)
),
ranked as (
  select *, row_number() over (partition by school_year, scope order by m) as pos,
         count(*) over (partition by school_year, scope) as n
  from official
),
-- nearest rank (010's nearest_rank: the positions of p10, p50, p90 among n)
percentiles as (
  select k.school_year, k.scope, max(k.n) as n_schools, sum(k.n_pupils) as n_pupils,
         max(case when k.pos = r.p10 then k.m end) as p10,
         max(case when k.pos = r.p50 then k.m end) as p50,
         max(case when k.pos = r.p90 then k.m end) as p90
  from ranked k join nearest_rank r on r.n = k.n
  group by k.school_year, k.scope
)
select school_year, scope, n_schools, n_pupils, p10, p50, p90, p90 - p10 from percentiles
union all
select y.school_year, 'warehouse', d.n_schools, d.n_pupils_in_means, d.p10_school_mean, d.median_school_mean,
       d.p90_school_mean, d.gap_p90_p10
from (select distinct school_year from official_school_results_facts) y
join school_disparity_facts d on d.term = 'VT' || (cast(substr(y.school_year, 1, 4) as integer) + 1)
                             and d.grade_year = 9 and d.population = 'all';
