-- Incremental refresh, before the pupils are re-resolved: the pupil each dirty identity
-- belonged to until now (a new link moves a temporary id's grades to another pupil).
insert or ignore into scope_moves (identity_key, old_pupil_key)
select d.identity_key, p.pupil_key from refresh_dirty_identities d join pupils p using (identity_key);

-- The grade rows whose pupil results 050_pupil_term_results.sql recomputes: those of the
-- partitions in scope, and the other rows of the pupils in scope (a pupil's rows at a school
-- and term are all in one partition, so no row comes twice).
create temp view scope_grades as
select s.school_unit_code, s.term, g.pupil_key, g.subject, g.grade, g.points, g.grade_year, g.recency, g.kind
from scope_grade_partitions s cross join grades_in_force g on g.school_unit_code = s.school_unit_code and g.term = s.term
union all
select g.school_unit_code, g.term, g.pupil_key, g.subject, g.grade, g.points, g.grade_year, g.recency, g.kind
from scope_pupils s cross join grades_in_force g on g.pupil_key = s.pupil_key
where (g.school_unit_code, g.term) not in (select school_unit_code, term from scope_grade_partitions);
