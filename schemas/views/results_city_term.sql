-- publish: internal public microdata
-- grain: term grade_year population sex
-- public: scratch results_city_term_facts
drop view if exists results_city_term;
create view results_city_term as
select term, grade_year, population, sex, n_pupils, mean_merit_value, share_eligible_vocational,
       share_eligible_higher_ed, share_all_subjects_passed, suppressed
from results_city_term_facts;
