-- The signal system: which schools need support, per (school, term, grade year) with
-- results in grade years 6 and 9. Suppressed results, or results without a mean merit
-- value, raise no result-based signal.
drop table if exists school_signal_facts;
create table school_signal_facts (
  school_unit_code text not null,
  school_name      text,
  term             text not null,
  grade_year       integer not null,
  low_merit        integer not null,
  low_eligibility  integer not null,
  declining        integer not null,
  mapping_overdue  integer not null,
  low_survey       integer not null,
  signal_count     integer not null,
  primary key (school_unit_code, term, grade_year)
) strict, without rowid;

insert into school_signal_facts
with results as (
  select r.*, t.previous_year_term, t.reference_date, t.school_year_start, t.school_year_end
  from results_school_term_facts r join term_calendar t using (term)
  where r.population = 'all' and r.sex = 'all' and r.grade_year in (6, 9)
),
-- Mapping deadline: the same day-of-month `months` months after school start, clamped to
-- that month's last day (Skollagen 3 kap. 12 c §). Materialized: computed once, not once
-- per (school, term) row of the correlated check below (docs/performance.md).
registrations as materialized (
  select r.school_unit_code, r.school_start_sweden, r.mapping_completed,
         case when cast(strftime('%d', r.school_start_sweden) as integer)
                   > cast(strftime('%d', date(r.school_start_sweden, 'start of month', '+' || (s.mapping_deadline_months + 1) || ' months', '-1 day')) as integer)
              then date(r.school_start_sweden, 'start of month', '+' || (s.mapping_deadline_months + 1) || ' months', '-1 day')
              else date(r.school_start_sweden, 'start of month', '+' || s.mapping_deadline_months || ' months',
                        '+' || (cast(strftime('%d', r.school_start_sweden) as integer) - 1) || ' days')
         end as deadline
  from newcomer_registrations r cross join settings s
),
-- The (school, term) pairs with a focus area below the survey threshold, found in one pass
-- over the survey facts (probed per result row, every school's survey rows were read again
-- for each of its terms and grade years).
low_surveys as materialized (
  select distinct f.school_unit_code, f.term
  from focus_area_facts f cross join settings s
  where f.role = 'all'
    and f.focus_area <> 'ovrigt'   -- the four focus areas only: ovrigt follows up nothing
    and f.mean_score is not null
    and (f.mean_score - f.scale_min) * 1.0 / (f.scale_max - f.scale_min) < s.low_survey_fraction
)
select r.school_unit_code, r.school_name, r.term, r.grade_year,
       coalesce(r.suppressed = 0 and r.mean_merit_value <= d.p10_school_mean, 0) as low_merit,
       coalesce(r.grade_year = 9 and r.suppressed = 0 and r.mean_merit_value is not null
                and r.share_eligible_vocational < s.low_eligibility_share, 0) as low_eligibility,
       coalesce(r.suppressed = 0 and prev.suppressed = 0
                and r.mean_merit_value <= prev.mean_merit_value - s.declining_points, 0) as declining,
       exists (select 1 from registrations g
               where g.school_unit_code = r.school_unit_code
                 and g.school_start_sweden between r.school_year_start and r.school_year_end
                 and ((g.mapping_completed is not null and g.mapping_completed > g.deadline)
                      or (g.mapping_completed is null and g.deadline < r.reference_date))) as mapping_overdue,
       exists (select 1 from low_surveys l where l.school_unit_code = r.school_unit_code and l.term = r.term) as low_survey,
       0
from results r
cross join settings s
left join school_disparity_facts d on d.term = r.term and d.grade_year = r.grade_year and d.population = 'all'
left join results_school_term_facts prev
  on prev.school_unit_code = r.school_unit_code and prev.term = r.previous_year_term
 and prev.grade_year = r.grade_year and prev.population = 'all' and prev.sex = 'all';

update school_signal_facts
set signal_count = low_merit + low_eligibility + declining + mapping_overdue + low_survey;
