-- The city's survey follow-up per focus area: every school's answers pooled, all roles.
select c.survey, c.term, c.focus_area, c.n_respondents, c.mean_score, c.suppressed
from focus_area_city c join terms t using (term)
where c.role = 'all'
order by c.survey, t.sort_key, c.focus_area
