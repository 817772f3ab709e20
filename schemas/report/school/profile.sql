-- The school's self-assessment profile: the latest term of each survey, area by level.
with latest as (
  select p.survey, max(t.sort_key) as sort_key from self_assessment_profile p join terms t using (term)
  where p.school_unit_code = ?1 group by p.survey
)
select p.survey, p.term, p.delomrade, p.niva, p.n_respondents, p.mean_score
from self_assessment_profile p
join terms t using (term)
join latest l on l.survey = p.survey and l.sort_key = t.sort_key
where p.school_unit_code = ?1
order by p.survey, p.delomrade, p.niva
