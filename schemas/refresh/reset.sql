-- A full refresh starts from nothing: the derived tables that are otherwise updated
-- partition by partition are dropped (the others rebuild themselves every time).
drop table if exists pupils;
drop table if exists grade_partition_owners;
drop table if exists grades_in_force;
drop table if exists pupil_term_facts;
drop table if exists results_school_term_facts;
drop table if exists focus_area_facts;
drop table if exists school_disparity_facts;
