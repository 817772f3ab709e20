-- Spread between schools per (term, grade year, population): over the qualifying schools
-- (sex 'all', at least min_pupils counted pupils and a mean merit value), nearest-rank
-- percentiles of the school means, the p90-p10 gap and its change since the same season
-- a year earlier, and the between-school share of the pupils' merit-value variance.
delete from school_disparity_facts where term >= (select every_text from refresh_wipe);   -- a full refresh: every row (000)

-- Recomputed for the terms whose school results changed (every term on a full refresh),
-- and for the same season a year after each (its gap change since the previous year).
-- The previous year's gap is that term's row: recomputed here when the term is in scope
-- too, else the row kept from an earlier refresh (a term out of scope has the same school
-- results as when its row was written).
insert or ignore into scope_disparity_terms select distinct term from scope_partitions;
insert or ignore into scope_disparity_terms
select t.next_year_term from scope_disparity_terms s join term_calendar t using (term);

delete from school_disparity_facts where term in (select term from scope_disparity_terms);

insert into school_disparity_facts
with qualifying as (
  select school_unit_code, term, grade_year, population, mean_merit_value as m, n_pupils_in_mean as n,
         sum_merit_in_mean as s,
         row_number() over (partition by term, grade_year, population order by mean_merit_value) as pos,
         count(*) over (partition by term, grade_year, population) as n_schools
  from results_school_term_facts
  where term in (select term from scope_disparity_terms)
    and sex = 'all' and mean_merit_value is not null and n_pupils >= (select min_pupils from settings)
),
-- nearest rank (010's nearest_rank: the positions of p10, p50, p90 among n_schools)
percentiles as (
  select q.term, q.grade_year, q.population, max(q.n_schools) as n_schools, sum(q.n) as n_pupils,
         avg(q.m) as mean_of_means, min(q.m) as min_m, max(q.m) as max_m,
         max(case when q.pos = r.p10 then q.m end) as p10,
         max(case when q.pos = r.p50 then q.m end) as p50,
         max(case when q.pos = r.p90 then q.m end) as p90
  from qualifying q join nearest_rank r on r.n = q.n_schools
  group by q.term, q.grade_year, q.population
),
-- The pupils in the means' grand mean, from the schools' sums: the same number as their
-- average (merit values are multiples of 2.5, so every sum is exact), without a pass over
-- the pupils.
overall as (
  select term, grade_year, population, sum(s) / sum(n) as grand_mean
  from qualifying
  group by term, grade_year, population
),
-- Between schools: each pupil in a mean stands at its school's mean, n of them per school.
between_schools as (
  select q.term, q.grade_year, q.population, sum(q.n * (q.m - o.grand_mean) * (q.m - o.grand_mean)) as between_ss
  from qualifying q join overall o using (term, grade_year, population)
  group by q.term, q.grade_year, q.population
),
-- Total: one pass over the pupils in the means (at least one passed grade), each pupil row
-- read once and its school's qualifying rows and their group's mean looked up.
total as (
  select q.term, q.grade_year, q.population,
         sum((f.merit_value - o.grand_mean) * (f.merit_value - o.grand_mean)) as total_ss
  from scope_disparity_terms t
  cross join pupil_term_facts f on f.term = t.term
  cross join qualifying q on q.term = f.term and q.school_unit_code = f.school_unit_code and q.grade_year = f.grade_year
  cross join overall o on o.term = q.term and o.grade_year = q.grade_year and o.population = q.population
  where f.n_passed > 0
    and (q.population = 'all'
         or (q.population = 'excl_newcomers' and f.is_newly_immigrated = 0 and f.unknown_background = 0)
         or (q.population = 'newcomers' and f.is_newcomer = 1))
  group by q.term, q.grade_year, q.population
),
variance as (
  select term, grade_year, population, t.total_ss, b.between_ss
  from total t join between_schools b using (term, grade_year, population)
),
final as (
  select pc.*, pc.p90 - pc.p10 as gap,
         case when v.total_ss > 0 then v.between_ss / v.total_ss end as share
  from percentiles pc left join variance v using (term, grade_year, population)
)
select f.term, f.grade_year, f.population, f.n_schools, f.n_pupils, f.mean_of_means, f.min_m, f.p10, f.p50, f.p90,
       f.max_m, f.gap, f.share,
       f.gap - coalesce(prev.gap, kept.gap_p90_p10)
from final f
join term_calendar t on t.term = f.term
left join final prev on prev.term = t.previous_year_term
                    and prev.grade_year = f.grade_year and prev.population = f.population
-- (the rows of the terms in scope were deleted above: only the others are found here)
left join school_disparity_facts kept on kept.term = t.previous_year_term
                                     and kept.grade_year = f.grade_year and kept.population = f.population;

