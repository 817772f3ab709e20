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

-- The VT outcomes and each school's starts, keyed for the comparisons' lookups (a school's
-- change is looked up once per treated school and year: about a million probes in a city
-- of 200 schools).
drop table if exists temp.vt_outcomes;
create temp table vt_outcomes (
  grade_year       integer not null,
  population       text not null,
  year             integer not null,
  school_unit_code text not null,
  m                real not null,
  primary key (grade_year, population, year, school_unit_code)
) without rowid;

insert into vt_outcomes
select grade_year, population, cast(substr(term, 3, 4) as integer), school_unit_code, mean_merit_value
from results_school_term_facts
where term >= 'VT' and term < 'VU'   -- the VT terms: a range of the key, not a read of every row
  and sex = 'all' and population in ('all', 'excl_newcomers')
  and mean_merit_value is not null and suppressed = 0;

-- Each school's start for each kind, as a term key (year * 2, + 1 for HT).
drop table if exists temp.activity_starts;
create temp table activity_starts (
  kind             text not null,
  school_unit_code text not null,
  start_key        integer not null,
  primary key (kind, school_unit_code)
) without rowid;

insert into activity_starts
select kind, school_unit_code, min(cast(substr(start_term, 3, 4) as integer) * 2 + (substr(start_term, 1, 2) = 'HT'))
from current_activities group by kind, school_unit_code;

-- The comparison mean of a treated school is the mean change over a set that depends only
-- on its window (kind and the two years compared; the start cut-off is the later year) —
-- less the school itself, where it belongs to that set (only for the placebo, when its own
-- start is after the baseline). So each window's set is summed once, not once per treated
-- school. The windows, every school's change over them and the sets are keyed temporary
-- tables: each is read in key order, not sorted again.
drop table if exists temp.effect_windows;
create temp table effect_windows (
  kind             text not null,
  school_unit_code text not null,
  k                integer not null,
  from_year        integer not null,
  to_year          integer not null,
  primary key (kind, school_unit_code, k)
) without rowid;

insert into effect_windows
with baselines as (
  -- the latest VT term ending before the start term begins (start HT2023 or VT2024: VT2023)
  select kind, school_unit_code, case when start_key % 2 = 1 then start_key / 2 else start_key / 2 - 1 end as year
  from activity_starts
)
select b.kind, b.school_unit_code, o.k,
       case when o.k = -1 then b.year - 1 else b.year end,
       case when o.k = -1 then b.year else b.year + o.k end
from baselines b
cross join (select -1 as k union all select 1 union all select 2 union all select 3) o;

-- Every school's change between two VT years that some window compares.
drop table if exists temp.window_changes;
create temp table window_changes (
  from_year        integer not null,
  to_year          integer not null,
  grade_year       integer not null,
  population       text not null,
  school_unit_code text not null,
  change           real not null,
  primary key (from_year, to_year, grade_year, population, school_unit_code)
) without rowid;

insert into window_changes
select p.from_year, p.to_year, a.grade_year, a.population, a.school_unit_code, b.m - a.m
from (select distinct from_year, to_year from effect_windows) p
cross join vt_outcomes a on a.year = p.from_year
cross join vt_outcomes b on b.grade_year = a.grade_year and b.population = a.population and b.year = p.to_year
                        and b.school_unit_code = a.school_unit_code
order by 1, 2, 3, 4, 5;
-- a treated school's own change, and the excluded ones', looked up by school
create index temp.window_changes_by_school on window_changes (from_year, to_year, school_unit_code);

-- Each school's VT years with a value, as bits (year − the first year): whether a school has
-- both values of a window is two bit tests, not a lookup.
drop table if exists temp.outcome_years;
create temp table outcome_years (
  grade_year       integer not null,
  population       text not null,
  school_unit_code text not null,
  first_year       integer not null,
  years            integer not null,
  primary key (grade_year, population, school_unit_code)
) without rowid;

insert into outcome_years
select o.grade_year, o.population, o.school_unit_code, f.first_year, sum(1 << (o.year - f.first_year))
from vt_outcomes o cross join (select min(year) as first_year from vt_outcomes) f
group by o.grade_year, o.population, o.school_unit_code;

insert into intervention_effect_facts
with
-- Each window's comparison set: every school with both values, less those whose start for
-- the kind is not after the later term (its key: to_year * 2) — few, the treated ones.
pairs as (
  select from_year, to_year, grade_year, population, count(*) as n, sum(change) as total
  from window_changes group by from_year, to_year, grade_year, population
),
kind_windows as (
  select distinct kind, from_year, to_year from effect_windows
),
excluded as (
  select w.kind, w.from_year, w.to_year, c.grade_year, c.population, count(*) as n, sum(c.change) as total
  from kind_windows w
  join activity_starts s on s.kind = w.kind and s.start_key <= w.to_year * 2
  cross join window_changes c indexed by window_changes_by_school
    on c.from_year = w.from_year and c.to_year = w.to_year and c.school_unit_code = s.school_unit_code
  group by w.kind, w.from_year, w.to_year, c.grade_year, c.population
),
sets as (
  select w.kind, p.from_year, p.to_year, p.grade_year, p.population,
         p.n - coalesce(x.n, 0) as n, p.total - coalesce(x.total, 0) as total
  from kind_windows w
  join pairs p on p.from_year = w.from_year and p.to_year = w.to_year
  left join excluded x on x.kind = w.kind and x.from_year = p.from_year and x.to_year = p.to_year
                      and x.grade_year = p.grade_year and x.population = p.population
),
-- A treated school's effect: its change minus the mean change of its set without itself.
own as (
  select w.*, c.grade_year, c.population, c.change, st.start_key > w.to_year * 2 as in_own_set
  from effect_windows w
  join activity_starts st on st.kind = w.kind and st.school_unit_code = w.school_unit_code
  cross join window_changes c indexed by window_changes_by_school
    on c.from_year = w.from_year and c.to_year = w.to_year and c.school_unit_code = w.school_unit_code
),
effects as materialized (
  select o.kind, o.school_unit_code, o.k, o.from_year, o.to_year, o.grade_year, o.population, o.change,
         (x.total - o.in_own_set * o.change) / (x.n - o.in_own_set) as comparison_mean,
         o.change - (x.total - o.in_own_set * o.change) / (x.n - o.in_own_set) as effect
  from own o
  join sets x on x.kind = o.kind and x.from_year = o.from_year and x.to_year = o.to_year
             and x.grade_year = o.grade_year and x.population = o.population
  where x.n - o.in_own_set > 0
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
-- The distinct comparison schools used: a school of a window's set counts when some other
-- treated school with an effect has that window — any, when two or more have it.
treated_in_window as materialized (
  select kind, k, from_year, to_year, grade_year, population, count(*) as n_treated, min(school_unit_code) as only_school
  from effects group by kind, k, from_year, to_year, grade_year, population
),
-- Each school once per group: it counts when some window of the group has it in its set.
used as (
  select g.kind, g.grade_year, g.population, g.k, count(*) as n_comparison
  from (select distinct kind, grade_year, population, k from treated_in_window) g
  cross join outcome_years y on y.grade_year = g.grade_year and y.population = g.population
  left join activity_starts s on s.kind = g.kind and s.school_unit_code = y.school_unit_code
  where exists (
    select 1 from treated_in_window t
    where t.kind = g.kind and t.grade_year = g.grade_year and t.population = g.population and t.k = g.k
      and (y.years >> (t.from_year - y.first_year)) & 1 and (y.years >> (t.to_year - y.first_year)) & 1
      and (s.start_key is null or s.start_key > t.to_year * 2)
      and (t.n_treated >= 2 or y.school_unit_code <> t.only_school))
  group by g.kind, g.grade_year, g.population, g.k
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
