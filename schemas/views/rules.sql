-- publish: internal public microdata
-- grain: municipality_code
-- public: warehouse
-- The thresholds and dates every published number was made with, one typed row: what a
-- reader (and the board report) states beside the numbers instead of assuming defaults.
drop view if exists rules;
create view rules as
select municipality_code, min_pupils, min_respondents, low_eligibility_share, declining_points, low_survey_fraction,
       mapping_deadline_months, newcomer_years, min_schools_expected, reference_date_ht, reference_date_vt,
       autumn_term_start, allocation_count_date, public_keeps
from rules_facts;
