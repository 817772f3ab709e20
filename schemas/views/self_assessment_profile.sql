-- publish: internal public microdata
-- grain: school_unit_code survey term delomrade niva
-- public: scratch self_assessment_facts
drop view if exists self_assessment_profile;
create view self_assessment_profile as
select school_unit_code, survey, term, delomrade, niva, n_respondents, mean_score, share_dont_know, suppressed
from self_assessment_facts;
