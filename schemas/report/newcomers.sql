-- Newcomers' results as the publication holds them: cells of years in Swedish school and
-- need group, no margin totals (docs/disclosure.md); latest terms first.
select n.term, n.grade_year, n.years_in_swedish_school, n.need_group, n.n_pupils, n.mean_merit_value,
       n.share_eligible_vocational, n.suppressed
from newcomer_results n join terms t using (term)
order by t.sort_key desc, n.grade_year desc, n.years_in_swedish_school, n.need_group
