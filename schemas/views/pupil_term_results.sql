-- publish: microdata
-- grain: pupil_id school_unit_code term
drop view if exists pupil_term_results;
create view pupil_term_results as
select pupil_id, school_unit_code, term, school_year, grade_year, sex, n_grades, n_passed, merit_value,
       all_subjects_passed, eligible_vocational, eligible_higher_ed, is_newcomer, is_newly_immigrated,
       unknown_background, need_group, years_in_swedish_school
from pupil_term_facts;
