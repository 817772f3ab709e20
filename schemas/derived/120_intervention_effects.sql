-- Did the activities give results? A difference-in-differences with staggered starts
-- against schools not (yet) treated (Callaway–Sant'Anna's "not yet treated" comparison),
-- per kind of activity, grade year and population (all, excl_newcomers):
--
-- * outcome m_s(T): the school's mean merit value in VT term T (sex all; NULL when absent
--   or suppressed);
-- * a school's start for a kind: the earliest start_termin of its activities of that kind
--   (each activity as its latest row by insats_id); its baseline B: the latest VT term that
--   ends before the start term begins (start HT2023 → VT2023, start VT2024 → VT2023);
-- * change Δ_s(k) = m_s(B + k) − m_s(B) for k = 1, 2, 3 years after, and the placebo
--   Δ_s(−1) = m_s(B) − m_s(B − 1), which should be near 0 when the comparison is fair;
-- * comparison schools for s and k: every other school whose start for the kind, if any,
--   is after term B + k (for k = −1: after B), with both values of its own change over the
--   same two terms; effect_s(k) = Δ_s(k) − their unweighted mean change.
-- One row per (kind, grade year, population, k) with at least one treated school with an
-- effect: the mean effect, its standard error (sample SD / √n; NULL below 2 schools) and a
-- 95 % interval. Small: rebuilt whole (sqrt at refresh: the view reads stored values).
drop table if exists intervention_effect_facts;
create table intervention_effect_facts (
  insats                 text not null,
  grade_year             integer not null,
  population             text not null,
  years_after            integer not null,
  n_schools              integer not null,
  n_comparison_schools   integer not null,
  mean_change_treated    real not null,
  mean_change_comparison real not null,
  effect                 real not null,
  effect_se              real,
  ci_low                 real,
  ci_high                real,
  n_activities           integer not null,
  total_cost_kr          integer,
  primary key (insats, grade_year, population, years_after)
) strict, without rowid;

insert into intervention_effect_facts
with
-- Each school's start for each kind, as a VT year: the baseline's and the start's order.
starts as (
  select kind, school_unit_code, min(cast(substr(start_term, 3, 4) as integer) * 2 + (substr(start_term, 1, 2) = 'HT')) as start_key
  from current_activities group by kind, school_unit_code
),
treated as (
  select kind, school_unit_code, start_key,
         -- the latest VT term ending before the start term begins
         case when start_key % 2 = 1 then start_key / 2 else start_key / 2 - 1 end as baseline_year
  from starts
),
outcomes as (
  select school_unit_code, grade_year, population, cast(substr(term, 3, 4) as integer) as year, mean_merit_value as m
  from results_school_term_facts
  where substr(term, 1, 2) = 'VT' and sex = 'all' and population in ('all', 'excl_newcomers')
    and mean_merit_value is not null and suppressed = 0
),
offsets (k) as (values (-1), (1), (2), (3)),
-- For each treated school and k: the two terms compared, as VT years, and the term after
-- which a comparison school's start must fall (its key: VT of that year).
windows as (
  select t.kind, t.school_unit_code, o.k,
         case when o.k = -1 then t.baseline_year - 1 else t.baseline_year end as from_year,
         case when o.k = -1 then t.baseline_year else t.baseline_year + o.k end as to_year,
         (case when o.k = -1 then t.baseline_year else t.baseline_year + o.k end) * 2 as cutoff_key
  from treated t cross join offsets o
),
treated_changes as (
  select w.*, a.grade_year, a.population, b.m - a.m as change
  from windows w
  join outcomes a on a.school_unit_code = w.school_unit_code and a.year = w.from_year
  join outcomes b on b.school_unit_code = w.school_unit_code and b.year = w.to_year
                 and b.grade_year = a.grade_year and b.population = a.population
),
comparisons as (
  select t.kind, t.school_unit_code, t.k, t.grade_year, t.population, t.change,
         c.school_unit_code as comparison_school, d.m - c.m as comparison_change
  from treated_changes t
  join outcomes c on c.year = t.from_year and c.grade_year = t.grade_year and c.population = t.population
                 and c.school_unit_code <> t.school_unit_code
  join outcomes d on d.school_unit_code = c.school_unit_code and d.year = t.to_year
                 and d.grade_year = t.grade_year and d.population = t.population
  left join starts s on s.kind = t.kind and s.school_unit_code = c.school_unit_code
  where s.start_key is null or s.start_key > t.cutoff_key
),
effects as (
  select kind, school_unit_code, k, grade_year, population, change,
         avg(comparison_change) as comparison_mean, change - avg(comparison_change) as effect
  from comparisons
  group by kind, school_unit_code, k, grade_year, population
),
summary as (
  select kind, grade_year, population, k, count(*) as n, avg(change) as mean_change, avg(comparison_mean) as mean_comparison,
         avg(effect) as effect
  from effects group by kind, grade_year, population, k
),
spread as (
  select s.kind, s.grade_year, s.population, s.k,
         case when s.n >= 2 then sqrt(sum((e.effect - s.effect) * (e.effect - s.effect)) / (s.n - 1)) / sqrt(s.n) end as se
  from summary s
  join effects e using (kind, grade_year, population, k)
  group by s.kind, s.grade_year, s.population, s.k
),
-- every comparison row belongs to a treated school with an effect
used as (
  select kind, grade_year, population, k, count(distinct comparison_school) as n_comparison
  from comparisons group by kind, grade_year, population, k
),
kinds as (
  select kind, count(*) as n_activities, sum(cost_kr) as total_cost from current_activities group by kind
)
select s.kind, s.grade_year, s.population, s.k, s.n, u.n_comparison, s.mean_change, s.mean_comparison, s.effect,
       p.se, s.effect - 1.96 * p.se, s.effect + 1.96 * p.se, q.n_activities, q.total_cost
from summary s
join spread p using (kind, grade_year, population, k)
join used u using (kind, grade_year, population, k)
join kinds q using (kind);
