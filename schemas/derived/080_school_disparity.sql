-- Spread between schools per (term, grade year, population): over the qualifying schools
-- (sex 'all', at least min_pupils counted pupils and a mean merit value), nearest-rank
-- percentiles of the school means, the p90-p10 gap and its change since the same season
-- a year earlier, and the between-school share of the pupils' merit-value variance.
delete from school_disparity_facts where (select full from refresh_mode) = 1;

-- Recomputed for the terms whose school results changed (every term on a full refresh),
-- and for the same season a year after each (its gap change since the previous year).
-- Those terms' rows need their own and the previous year's figures.
insert or ignore into scope_disparity_terms select distinct term from scope_partitions;
insert or ignore into scope_disparity_terms
select t.next_year_term from scope_disparity_terms s join term_calendar t using (term);

delete from school_disparity_facts where term in (select term from scope_disparity_terms);

insert into school_disparity_facts
with qualifying as (
  select school_unit_code, term, grade_year, population, mean_merit_value as m, n_pupils_in_mean as n,
         row_number() over (partition by term, grade_year, population order by mean_merit_value) as pos,
         count(*) over (partition by term, grade_year, population) as n_schools
  from results_school_term_facts
  where term in (select term from scope_disparity_terms union select t.previous_year_term from scope_disparity_terms s join term_calendar t using (term))
    and sex = 'all' and mean_merit_value is not null and n_pupils >= (select min_pupils from settings)
),
-- nearest rank: position ceil(p·n/100) = (p·n + 99) / 100 in integer arithmetic
percentiles as (
  select term, grade_year, population, max(n_schools) as n_schools, sum(n) as n_pupils,
         avg(m) as mean_of_means, min(m) as min_m, max(m) as max_m,
         max(case when pos = (10 * n_schools + 99) / 100 then m end) as p10,
         max(case when pos = (50 * n_schools + 99) / 100 then m end) as p50,
         max(case when pos = (90 * n_schools + 99) / 100 then m end) as p90
  from qualifying group by term, grade_year, population
),
pupils_in_means as (
  select q.term, q.grade_year, q.population, q.school_unit_code, q.m, f.merit_value as x
  -- the variance share only of the terms recomputed; the year before gives its gap alone.
  -- Each pupil row read once, its school's qualifying rows looked up (read from the
  -- schools' side, every pupil of a school was read once per grade year and population).
  from scope_disparity_terms t
  cross join pupil_term_facts f on f.term = t.term
  cross join qualifying q on q.term = f.term and q.school_unit_code = f.school_unit_code and q.grade_year = f.grade_year
  where f.n_passed > 0
    and (q.population = 'all'
         or (q.population = 'excl_newcomers' and f.is_newly_immigrated = 0 and f.unknown_background = 0)
         or (q.population = 'newcomers' and f.is_newcomer = 1))
),
overall as (
  select term, grade_year, population, avg(x) as grand_mean from pupils_in_means group by term, grade_year, population
),
variance as (
  select p.term, p.grade_year, p.population,
         sum((p.x - o.grand_mean) * (p.x - o.grand_mean)) as total_ss,
         sum((p.m - o.grand_mean) * (p.m - o.grand_mean)) as between_ss
  -- the pupils outer (cross join fixes the order): each looks up its small group's mean,
  -- instead of SQLite indexing all pupil rows to find each group's
  from pupils_in_means p
  cross join overall o on o.term = p.term and o.grade_year = p.grade_year and o.population = p.population
  group by p.term, p.grade_year, p.population
),
final as (
  select pc.*, pc.p90 - pc.p10 as gap,
         case when v.total_ss > 0 then v.between_ss / v.total_ss end as share
  from percentiles pc left join variance v using (term, grade_year, population)
)
select f.term, f.grade_year, f.population, f.n_schools, f.n_pupils, f.mean_of_means, f.min_m, f.p10, f.p50, f.p90,
       f.max_m, f.gap, f.share,
       f.gap - prev.gap
from final f
join term_calendar t on t.term = f.term
left join final prev on prev.term = t.previous_year_term
                    and prev.grade_year = f.grade_year and prev.population = f.population
where f.term in (select term from scope_disparity_terms);

