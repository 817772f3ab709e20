-- The school's signals with what each rests on: its own figures and the city's p10 and the
-- same season a year earlier (the thresholds come from the catalog's settings).
select s.term, s.grade_year, s.low_merit, s.low_eligibility, s.declining, s.mapping_overdue, s.low_survey, s.signal_count,
       r.mean_merit_value, r.share_eligible_vocational, d.p10_school_mean, p.mean_merit_value as previous_mean
from school_signals s
join terms t using (term)
left join results_school_term r on r.school_unit_code = s.school_unit_code and r.term = s.term
 and r.grade_year = s.grade_year and r.population = 'all' and r.sex = 'all'
left join school_disparity d on d.term = s.term and d.grade_year = s.grade_year and d.population = 'all'
left join results_school_term p on p.school_unit_code = s.school_unit_code and p.grade_year = s.grade_year
 and p.population = 'all' and p.sex = 'all'
 and p.term = substr(s.term, 1, 2) || (cast(substr(s.term, 3, 4) as integer) - 1)
where s.school_unit_code = ?1
order by t.sort_key desc, s.grade_year desc
