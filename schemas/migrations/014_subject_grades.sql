-- Results per subject (045_subject_results): each pupil's grades in force as one letter a
-- subject, in the contract's order of the subject codes (BL BI EN FY GE HKK HI IDH KE MA M1
-- M2 ML MU RE SH SL SV SVA TK TN), a space where the pupil has none — kept with the load's
-- summaries and the refresh's per-pupil facts, so results per subject are counted from one
-- row a pupil, not from every grade row.
alter table pupil_grade_summaries add column grades text;
alter table pupil_grade_facts add column grades text;

-- Summaries written before this migration carry no grades: their files take the refresh's
-- row path (as files loaded before summaries did), and the next refresh is a full one.
delete from summarized_grade_files;
insert into warehouse_meta (key, value) values ('refresh_full', '1')
  on conflict (key) do update set value = '1';

create table subject_results_facts (
  school_unit_code text not null,
  term             text not null,
  grade_year       integer not null,
  subject          text not null,
  n_graded         integer not null,
  n_a              integer,
  n_b              integer,
  n_c              integer,
  n_d              integer,
  n_e              integer,
  n_f              integer,
  n_dash           integer,
  share_passed     real,
  mean_points      real,
  suppressed       integer not null,
  primary key (school_unit_code, term, grade_year, subject)
) strict, without rowid;

-- The grades in force per subject of a grade file's summarized pupils, counted at load:
-- per (file, school, term, the pupil's grade year, subject) the pupils with each grade.
-- Where every pupil of a partition is one whole summary (no linked temporary id, no
-- identifier met twice), results per subject are these counts added up; else they are
-- counted from the pupils' grade strings (045).
create table subject_grade_tallies (
  file_id          integer not null references etl_files (file_id),
  school_unit_code text not null,
  term             text not null,
  grade_year       integer not null,
  subject          text not null,
  n_a              integer not null,
  n_b              integer not null,
  n_c              integer not null,
  n_d              integer not null,
  n_e              integer not null,
  n_f              integer not null,
  n_dash           integer not null,
  primary key (file_id, school_unit_code, term, grade_year, subject)
) strict, without rowid;
