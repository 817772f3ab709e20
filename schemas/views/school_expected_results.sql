-- publish: internal public microdata
-- grain: school_unit_code term grade_year population
-- public: scratch school_expected_results_facts
drop view if exists school_expected_results;
create view school_expected_results as
select school_unit_code, school_name, term, grade_year, population, n_pupils_in_mean, mean_merit_value,
       socioeconomic_index, share_newcomers, share_boys, expected_merit_value, residual, residual_sd,
       standardized_residual, below_expected, n_schools_in_model, r_squared
from school_expected_results_facts;
