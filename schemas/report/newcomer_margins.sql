-- Newcomers' results by one dimension at a time (years in Swedish school; need group), as
-- the publication holds them: the margins are protected together with the cells, so a
-- margin shown with the shown cells never reveals a hidden cell. Latest terms first.
select m.term, m.grade_year, m.dimension, m.value, m.n_pupils, m.mean_merit_value,
       m.share_eligible_vocational, m.suppressed
from newcomer_results_margins m join terms t using (term)
order by t.sort_key desc, m.grade_year desc, m.dimension desc, m.value is null, m.value
