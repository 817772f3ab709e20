-- publish: internal public microdata
-- grain: term grade_year population
-- public: scratch school_disparity_facts
drop view if exists school_disparity;
create view school_disparity as
select term, grade_year, population, n_schools, n_pupils_in_means, mean_of_school_means, min_school_mean,
       p10_school_mean, median_school_mean, p90_school_mean, max_school_mean, gap_p90_p10,
       between_school_variance_share, gap_change_vs_prev_year
from school_disparity_facts;
