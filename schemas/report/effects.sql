-- Did the activities give results: every kind's effect for grade year 9, population all,
-- the placebo year first, then one, two and three years after.
select insats, years_after, n_schools, n_comparison_schools, mean_change_treated, mean_change_comparison, effect,
       effect_se, ci_low, ci_high, n_activities, total_cost_kr
from intervention_effects
where grade_year = 9 and population = 'all'
order by insats, years_after
