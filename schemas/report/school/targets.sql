-- The targets that concern the school: its own, and the city's.
select mal_id, omfattning, matt, population, grade_year, survey, baseline_term, baseline_value, target_term, target_value,
       current_term, current_value, progress, elapsed_share, on_track, achieved
from target_followup
where school_unit_code = ?1 or omfattning = 'stad'
order by omfattning = 'stad', mal_id
