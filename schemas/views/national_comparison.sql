-- publish: internal public microdata
-- grain: school_year scope
-- public: scratch national_comparison_facts
drop view if exists national_comparison;
create view national_comparison as
select school_year, scope, n_schools, n_pupils, p10_school_mean, median_school_mean, p90_school_mean, gap_p90_p10
from national_comparison_facts;
