-- Spread between schools per term: year 9 and 6, all pupils beside excl_newcomers.
select d.term, d.grade_year, d.population, d.n_schools, d.p10_school_mean, d.median_school_mean,
       d.p90_school_mean, d.gap_p90_p10, d.gap_change_vs_prev_year, d.between_school_variance_share
from school_disparity d join terms t using (term)
where d.population in ('all', 'excl_newcomers') and d.grade_year in (6, 9)
order by d.grade_year desc, t.sort_key, d.population
