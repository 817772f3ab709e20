-- Survey follow-up per focus area and school, all roles together; the school's name from
-- its latest results row (or its code).
select f.survey, f.term, f.focus_area, f.school_unit_code,
       coalesce((select r.school_name from results_school_term r join terms x using (term)
                 where r.school_unit_code = f.school_unit_code order by x.sort_key desc limit 1), f.school_unit_code) as school_name,
       f.n_respondents, f.mean_score, f.share_dont_know, f.suppressed
from focus_area_followup f join terms t using (term)
where f.role = 'all'
order by f.survey, t.sort_key, f.focus_area, school_name
