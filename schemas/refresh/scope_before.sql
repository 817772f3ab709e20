-- Incremental refresh, before the pupils are re-resolved: the pupil each dirty identity
-- belonged to until now (a new link moves a temporary id's grades to another pupil).
insert or ignore into scope_moves (identity_key, old_pupil_key)
select d.identity_key, p.pupil_key from refresh_dirty_identities d join pupils p using (identity_key);

-- The grade rows whose pupil results 050_pupil_term_results.sql recomputes: those of the
-- partitions in scope, and the other rows of the pupils in scope, found through their rows
-- in pupil_term_facts (a pupil's rows at a school and term are all in one partition, so no
-- row comes twice).
create temp view scope_grades as
select s.school_unit_code, s.term, g.pupil_key, g.subject, g.grade, g.points, g.grade_year, g.recency, g.kind
from scope_grade_partitions s cross join grades_in_force g on g.school_unit_code = s.school_unit_code and g.term = s.term
union all
select f.school_unit_code, f.term, g.pupil_key, g.subject, g.grade, g.points, g.grade_year, g.recency, g.kind
from scope_pupils s
join pupil_term_facts f on f.pupil_key = s.pupil_key
cross join grades_in_force g on g.school_unit_code = f.school_unit_code and g.term = f.term and g.pupil_key = f.pupil_key
-- not exists, not a row-value NOT IN: the latter took 0.2 s here for 23k rows, this 5 ms
where not exists (select 1 from scope_grade_partitions x where x.school_unit_code = f.school_unit_code and x.term = f.term);
