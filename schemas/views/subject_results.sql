-- publish: internal public microdata
-- grain: school_unit_code term grade_year subject
-- public: warehouse
drop view if exists subject_results;
create view subject_results as
select school_unit_code, term, grade_year, subject, n_graded, n_a, n_b, n_c, n_d, n_e, n_f, n_dash, share_passed,
       mean_points, suppressed
from subject_results_facts;
