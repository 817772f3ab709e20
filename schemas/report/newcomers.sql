-- Newcomers' results by years in Swedish school and by need group, latest terms first.
select n.term, n.grade_year, n.dimension, n.value, n.n_pupils, n.mean_merit_value, n.share_eligible_vocational, n.suppressed
from newcomer_results_by_dimension n join terms t using (term)
order by t.sort_key desc, n.grade_year desc, n.dimension, n.value
