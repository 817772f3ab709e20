-- A school's results over the terms (sex all), all pupils and excluding newly immigrated,
-- beside the city's median and p10-p90 band of school means (school_disparity, the same
-- term, grade year and population).
select r.term, r.grade_year, r.population, r.n_pupils, r.mean_merit_value, r.share_eligible_vocational, r.suppressed,
       d.n_schools, d.p10_school_mean, d.median_school_mean, d.p90_school_mean
from results_school_term r
join terms t using (term)
left join school_disparity d on d.term = r.term and d.grade_year = r.grade_year and d.population = r.population
where r.school_unit_code = ?1 and r.sex = 'all' and r.population in ('all', 'excl_newcomers')
order by r.grade_year desc, t.sort_key, r.population
