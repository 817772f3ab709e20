-- publish: internal public microdata
-- grain: mal_id
-- public: scratch target_followup_facts
drop view if exists target_followup;
create view target_followup as
select mal_id, omfattning, school_unit_code, fokusomrade, matt, population, grade_year, survey, focus_area,
       baseline_term, baseline_value, target_term, target_value, current_term, current_value, progress, elapsed_share,
       on_track, achieved
from target_followup_facts;
