-- The school against its expected result (population all), every term with a fit.
select e.term, e.grade_year, e.mean_merit_value, e.expected_merit_value, e.residual, e.standardized_residual,
       e.below_expected, e.n_schools_in_model
from school_expected_results e join terms t using (term)
where e.school_unit_code = ?1 and e.population = 'all'
order by e.grade_year desc, t.sort_key
