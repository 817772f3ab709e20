-- Signals per school and term (grade years 6 and 9), for the flagged schools and their trend.
select s.school_unit_code, s.school_name, s.term, t.sort_key, s.grade_year, s.low_merit, s.low_eligibility,
       s.declining, s.mapping_overdue, s.low_survey, s.signal_count
from school_signals s join terms t using (term)
order by t.sort_key, s.school_name, s.grade_year
