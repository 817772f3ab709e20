-- The targets, the city's first, then by focus area and measure.
select t.mal_id, t.omfattning, t.school_unit_code,
       (select max(r.school_name) from results_school_term r where r.school_unit_code = t.school_unit_code) as school_name,
       t.fokusomrade, t.matt, t.population, t.grade_year, t.survey, t.focus_area, t.baseline_term, t.baseline_value,
       t.target_term, t.target_value, t.current_term, t.current_value, t.progress, t.elapsed_share, t.on_track, t.achieved
from target_followup t
order by t.omfattning = 'skola', t.fokusomrade, t.matt, t.mal_id
