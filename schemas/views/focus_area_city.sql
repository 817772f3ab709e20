-- publish: internal public microdata
-- grain: survey term focus_area role
-- public: scratch focus_area_city_facts
drop view if exists focus_area_city;
create view focus_area_city as
select survey, term, focus_area, role, n_respondents, mean_score, share_dont_know, suppressed
from focus_area_city_facts;
