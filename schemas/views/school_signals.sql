-- publish: internal public microdata
-- grain: school_unit_code term grade_year
-- public: scratch school_signal_facts
drop view if exists school_signals;
create view school_signals as
select school_unit_code, school_name, term, grade_year, low_merit, low_eligibility, declining,
       mapping_overdue, low_survey, signal_count
from school_signal_facts;
