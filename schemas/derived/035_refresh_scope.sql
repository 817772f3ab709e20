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
  -- term first: a night's new term is appended at the end of the tree, not spread between
  -- every school's earlier terms
  primary key (term, school_unit_code, pupil_key, subject)
) strict, without rowid;
-- No index by pupil on these 2M rows (0.6 s to build, and kept up row by row on every
-- night): a pupil's partitions are found in pupil_term_facts, one row per pupil and
-- partition, declared here with the other tables the refresh keeps between runs.
-- One row per counted pupil (at least one grade) per school and term: merit value,
-- passes, eligibility, and the pupil's newcomer status at that term.
create table if not exists pupil_term_facts (
  pupil_id                text not null,
  pupil_key               integer not null,   -- pupils.pupil_key: finds a pupil's partitions
  school_unit_code        text not null,
  term                    text not null,
  school_year             text not null,
  grade_year              integer not null,
  sex                     text,
  n_grades                integer not null,
  n_passed                integer not null,
  merit_value             real not null,
  all_subjects_passed     integer not null,
  eligible_vocational     integer not null,
  eligible_higher_ed      integer not null,
  is_newcomer             integer not null,
  is_newly_immigrated     integer not null,
  unknown_background      integer not null,
  need_group              integer,
  years_in_swedish_school integer,
  primary key (term, school_unit_code, pupil_id)   -- term first, as in grades_in_force
) strict, without rowid;
create index if not exists pupil_term_facts_by_pupil on pupil_term_facts (pupil_key);

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
select distinct f.school_unit_code, f.term
from scope_moves m join pupil_term_facts f on f.pupil_key = m.old_pupil_key
where m.new_pupil_key is not m.old_pupil_key;

-- Partitions whose school results must be recomputed (scope_partitions): those whose pupil
-- results changed, found by 050_pupil_term_results.sql.
