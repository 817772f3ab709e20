-- publish: internal public microdata
-- grain: insats grade_year population years_after
-- public: scratch intervention_effect_facts
drop view if exists intervention_effects;
create view intervention_effects as
select insats, grade_year, population, years_after, n_schools, n_comparison_schools, mean_change_treated,
       mean_change_comparison, effect, effect_se, ci_low, ci_high, n_activities, total_cost_kr
from intervention_effect_facts;
