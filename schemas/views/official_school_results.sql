-- publish: internal public microdata
-- grain: school_year school_unit_code
-- public: scratch official_school_results_facts
drop view if exists official_school_results;
create view official_school_results as
select school_year, school_unit_code, school_name, municipality_code, organiser, n_pupils,
       share_all_subjects_passed, share_eligible_vocational, eligible_vocational_nearly_all, mean_merit_value,
       suppressed, warehouse_mean_merit_value, difference
from official_school_results_facts;
