-- publish: internal public microdata
-- grain: term grade_year dimension value?
-- public: scratch newcomer_results_margins_facts
drop view if exists newcomer_results_margins;
create view newcomer_results_margins as
select term, grade_year, dimension, value, n_pupils, mean_merit_value, share_eligible_vocational,
       share_all_subjects_passed, suppressed
from newcomer_results_margins_facts;
