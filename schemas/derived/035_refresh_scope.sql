-- What this refresh recomputes: every (school, term) in a full refresh; else the
-- partitions the loads since the last refresh touched, the partitions of identities that
-- moved to another pupil, and — for pupil-term results only — every row of a pupil whose
-- registrations changed.
create table if not exists grade_partition_owners (
  school_unit_code text not null,
  term             text not null,
  file_id          integer not null,
  primary key (school_unit_code, term)
) strict, without rowid;

create table if not exists grades_in_force (
  school_unit_code text not null,
  term             text not null,
  pupil_key        integer not null,
  subject          text not null,
  grade            text not null,
  points           real not null,
  grade_year       integer not null,         -- of this grade's row
  recency          integer not null,         -- betygsdatum (YYYYMMDD) * 10^9 + line: later wins
  kind             integer not null,         -- 1 SV, 2 SVA, 3 EN, 4 MA, 5 M2, 0 any other subject
  primary key (school_unit_code, term, pupil_key, subject)
) strict, without rowid;
-- grades_in_force_by_pupil is created by 040_grades.sql after its insert: on a full
-- refresh, building the index once from the finished table is cheaper than maintaining it
-- row by row.

-- Identities that now belong to another pupil than before (a new link).
update scope_moves set new_pupil_key = (select p.pupil_key from pupils p where p.identity_key = scope_moves.identity_key);

-- Pupils whose registrations changed: their newcomer status may change in every term.
insert or ignore into scope_pupils
select p.pupil_key from refresh_dirty_identities d join pupils p using (identity_key);

-- Partitions whose grades in force must be recomputed: all (full refresh), those a load
-- touched, and those holding grades of an identity that moved to another pupil.
insert or ignore into scope_grade_partitions
select school_unit_code, term from grade_file_partitions where (select full from refresh_mode) = 1;

insert or ignore into scope_grade_partitions
select school_unit_code, term from refresh_dirty_partitions;

insert or ignore into scope_grade_partitions
select distinct g.school_unit_code, g.term
from scope_moves m join grades_in_force g on g.pupil_key = m.old_pupil_key
where m.new_pupil_key is not m.old_pupil_key;

-- Partitions whose school results must be recomputed (scope_partitions): those whose pupil
-- results changed, found by 050_pupil_term_results.sql.
