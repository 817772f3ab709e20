-- Expected results given the intake: the latest term that has a fit, grade year 9 before
-- 6, population all.
with latest as (
  select e.term, e.grade_year from school_expected_results e join terms t using (term)
  where e.population = 'all'
  order by t.sort_key desc, e.grade_year desc limit 1
)
select e.school_unit_code, e.school_name, e.term, e.grade_year, e.n_pupils_in_mean, e.mean_merit_value,
       e.socioeconomic_index, e.expected_merit_value, e.residual, e.standardized_residual, e.below_expected,
       e.n_schools_in_model, e.r_squared
from school_expected_results e join latest using (term, grade_year)
where e.population = 'all'
order by e.socioeconomic_index, e.school_unit_code
