-- The refresh's scope: what this refresh recomputes, in temporary tables the derived
-- models read. It runs first (the refresh runs every file of schemas/derived/ in order),
-- and a steward can run it in the sqlite3 shell before any one model:
--   sqlite3 warehouse.sqlite '.read schemas/derived/000_scope.sql' '.read schemas/derived/050_pupil_term_results.sql'
--
-- Full unless the refresh says otherwise: the refresh writes warehouse_meta.refresh_full
-- ('0' incremental, '1' full: the first refresh, new SQL or settings, a register change, a
-- steward's `rerun --from refresh`) inside its transaction and removes it again before
-- it commits, so a steward's shell session, which never sees that key, always gets the
-- full scope: 000 then any one model rebuilds that model's tables whole. Incremental: what
-- the loads since the last refresh touched (refresh_dirty_*), and what that moves — filled
-- in by the model that finds it:
--   scope_grade_partitions  (school, term) whose grades in force are recomputed: here, and
--                           030 adds those of identities that moved to another pupil
--   scope_moves             identities registered since the last refresh: their pupil
--                           before (here) and after (030)
--   scope_pupils            pupils whose registrations changed: every row of theirs (030)
--   scope_owners            each partition's owning file (040)
--   scope_result_partitions (term, school) whose pupil-term results are recomputed: for
--                           every pupil, or only for the pupils of scope_pupils (050)
--   scope_partitions        (school, term) whose school results are recomputed: every
--                           partition on a full refresh (here), else those whose pupil
--                           rows changed (050)
--   scope_survey_terms      (survey, term) whose follow-up is recomputed (here)
--   scope_disparity_terms   terms whose disparity is recomputed (080)
--   scope_expected_terms    terms whose expected results are recomputed (085)

drop table if exists temp.refresh_mode;
create temp table refresh_mode (full integer not null);
insert into refresh_mode
select coalesce((select value = '1' from warehouse_meta where key = 'refresh_full'), 1);

-- How a model empties its tables on a full refresh, and leaves them without reading them
-- otherwise: `delete from t where <key column> >= (select every_text from refresh_wipe)`
-- (every_integer for an integer key). On a full refresh the bound is the lowest value of
-- its type, so every row goes; otherwise it is NULL, and a NULL bound ends the key search
-- before the first row. (`where full = 1` would read every row to test it, every night.)
drop view if exists temp.refresh_wipe;
create temp view refresh_wipe as
select case when full = 1 then '' end as every_text,
       case when full = 1 then -9223372036854775808 end as every_integer
from refresh_mode;

drop table if exists temp.scope_grade_partitions;
create temp table scope_grade_partitions (
  school_unit_code text not null,
  term             text not null,
  primary key (school_unit_code, term)
) without rowid;

insert or ignore into scope_grade_partitions
select school_unit_code, term from grade_file_partitions where (select full from refresh_mode) = 1
union
select school_unit_code, term from refresh_dirty_partitions;

drop table if exists temp.scope_moves;
create temp table scope_moves (
  identity_key  integer primary key,
  old_pupil_key integer,
  new_pupil_key integer
);

-- The pupil each registered identity belonged to until now (030 re-resolves it).
insert into scope_moves (identity_key, old_pupil_key)
select d.identity_key, p.pupil_key from refresh_dirty_identities d join pupils p using (identity_key)
where (select full from refresh_mode) = 0;

drop table if exists temp.scope_pupils;
create temp table scope_pupils (pupil_key integer primary key);

drop table if exists temp.scope_owners;
create temp table scope_owners (
  file_id          integer not null,
  school_unit_code text not null,
  term             text not null,
  primary key (file_id, school_unit_code, term)
) without rowid;

drop table if exists temp.scope_result_partitions;
create temp table scope_result_partitions (
  term             text not null,
  school_unit_code text not null,
  every_pupil      integer not null,
  primary key (term, school_unit_code)
) without rowid;

drop table if exists temp.scope_partitions;
create temp table scope_partitions (
  school_unit_code text not null,
  term             text not null,
  primary key (school_unit_code, term)
) without rowid;

insert or ignore into scope_partitions
select school_unit_code, term from scope_grade_partitions where (select full from refresh_mode) = 1;

drop table if exists temp.scope_survey_terms;
create temp table scope_survey_terms (
  survey text not null,
  term   text not null,
  primary key (survey, term)
) without rowid;

-- Every (survey, term) on a full refresh, or of a survey with a new definition (its
-- answers are rescored); the terms of the responses in new files, and the terms of the
-- earlier versions of those responses (a new version may move a response to another term).
insert or ignore into scope_survey_terms
select distinct r.survey, r.term from survey_response_terms r
where (select full from refresh_mode) = 1
   or r.survey in (select d.survey from survey_definitions d join refresh_dirty_survey_files using (file_id));

insert or ignore into scope_survey_terms
select distinct v.survey, v.term
from refresh_dirty_survey_files x
join survey_responses r on r.file_id = x.file_id
join survey_response_terms v on v.survey = r.survey and v.response_id = r.response_id;

drop table if exists temp.scope_disparity_terms;
create temp table scope_disparity_terms (term text primary key) without rowid;

drop table if exists temp.scope_expected_terms;
create temp table scope_expected_terms (term text primary key) without rowid;
