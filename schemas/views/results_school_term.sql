-- publish: internal public microdata
-- grain: school_unit_code term grade_year population sex
-- public: scratch results_school_term_facts
drop view if exists results_school_term;
create view results_school_term as
select school_unit_code, school_name, district, term, grade_year, population, sex, n_pupils,
       mean_merit_value, share_eligible_vocational, share_eligible_higher_ed, share_all_subjects_passed,
       suppressed
from results_school_term_facts;
