-- publish: internal public microdata
-- grain: school_unit_code survey term focus_area role
-- public: scratch focus_area_facts
drop view if exists focus_area_followup;
create view focus_area_followup as
select school_unit_code, survey, term, focus_area, role, n_respondents, mean_score, share_dont_know, suppressed
from focus_area_facts;
