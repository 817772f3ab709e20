-- publish: internal public microdata
-- grain: term
-- public: warehouse
drop view if exists terms;
create view terms as
select term, school_year, season, term_start, reference_date, sort_key
from term_calendar;
