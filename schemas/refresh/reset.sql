-- A full refresh starts from nothing: the derived tables that are otherwise updated
-- partition by partition are dropped (the others rebuild themselves every time).
drop table if exists grade_partition_owners;
drop table if exists grades_in_force;
drop table if exists pupil_term_facts;
drop table if exists results_school_term_facts;
drop table if exists focus_area_facts;

-- The grade rows whose pupil results 050_pupil_term_results.sql recomputes: all of them,
-- partition by partition in key order. s's columns, not g's: then SQLite sees the rows
-- arrive grouped by (school, term, pupil) and groups them without a temporary B-tree.
create temp view scope_grades as
select s.school_unit_code, s.term, g.pupil_key, g.subject, g.grade, g.points, g.grade_year, g.recency, g.kind
from scope_grade_partitions s cross join grades_in_force g on g.school_unit_code = s.school_unit_code and g.term = s.term;
