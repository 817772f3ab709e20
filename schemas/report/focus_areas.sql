-- Survey follow-up per focus area and school, all roles together.
select f.survey, f.term, f.focus_area, f.school_unit_code, coalesce(n.school_name, f.school_unit_code) as school_name,
       f.n_respondents, f.mean_score, f.share_dont_know, f.suppressed,
       (select min(scale_min) from focus_area_facts x where x.survey = f.survey) as scale_min,
       (select max(scale_max) from focus_area_facts x where x.survey = f.survey) as scale_max
from focus_area_followup f join terms t using (term)
left join school_term_names n on n.school_unit_code = f.school_unit_code and n.term = f.term
where f.role = 'all'
order by f.survey, t.sort_key, f.focus_area, school_name
