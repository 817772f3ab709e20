-- The school's survey results (role all) beside the city's, the latest term of each survey.
with latest as (
  select f.survey, max(t.sort_key) as sort_key from focus_area_followup f join terms t using (term)
  where f.school_unit_code = ?1 group by f.survey
)
select f.survey, f.term, f.focus_area, f.n_respondents, f.mean_score, c.mean_score as city_mean_score
from focus_area_followup f
join terms t using (term)
join latest l on l.survey = f.survey and l.sort_key = t.sort_key
left join focus_area_city c on c.survey = f.survey and c.term = f.term and c.focus_area = f.focus_area and c.role = 'all'
where f.school_unit_code = ?1 and f.role = 'all'
order by f.survey, f.focus_area
