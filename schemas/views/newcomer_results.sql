-- publish: internal public microdata
-- grain: term grade_year need_group? years_in_swedish_school
-- public: scratch newcomer_results_facts
drop view if exists newcomer_results;
create view newcomer_results as
select term, grade_year, need_group, years_in_swedish_school, n_pupils, mean_merit_value,
       share_eligible_vocational, share_all_subjects_passed, suppressed
from newcomer_results_facts;
