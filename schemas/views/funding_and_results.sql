-- publish: internal public microdata
-- grain: school_unit_code school_year
-- public: scratch funding_and_results_facts
drop view if exists funding_and_results;
create view funding_and_results as
select school_unit_code, school_name, school_year, n_pupils_allocated, socioeconomic_supplement_kr,
       supplement_per_pupil_kr, nyanlandpeng_kr, computed_nyanlandpeng_kr, socioeconomic_index, mean_merit_value,
       expected_merit_value, residual, residual_change_vs_prev_year
from funding_and_results_facts;
