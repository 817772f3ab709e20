-- The grade store, one row per pupil and term: per grade file, (term, school) and pupil
-- identifier, the grade in force of each of the 21 subjects, instead of one row per grade
-- row (docs/performance.md, "the grade store"). What the refresh needs of single rows stays:
-- each subject's grade with its recency (betygsdatum, then line), so a correction's rows, a
-- temporary id linked later and a changed rule are all re-derived from here.
--
-- A subject's cell packs its recency and grade in one integer:
--   (betygsdatum as YYYYMMDD * 10^9 + line) * 8 + grade code (1 A, 2 B, 3 C, 4 D, 5 E, 6 F, 7 -)
-- so max() of two cells is the grade in force of both (the later date, ties the later line),
-- cell % 8 its grade and cell / 8 its recency; NULL: no grade in the subject. `latest`
-- packs the identifier's latest row's recency with its grade year (recency * 10 + årskurs).
-- Written by the load (`GradeCell`, `PupilTermGrades`); read by 040_grades.sql.
create table pupil_term_grades (
  file_id          integer not null references etl_files (file_id),
  term             text not null,
  school_unit_code text not null,
  identity_key     integer not null references pupil_identities (identity_key),
  latest           integer not null,
  bl               integer,
  bi               integer,
  en               integer,
  fy               integer,
  ge               integer,
  hkk              integer,
  hi               integer,
  idh              integer,
  ke               integer,
  ma               integer,
  m1               integer,
  m2               integer,
  ml               integer,
  mu               integer,
  re               integer,
  sh               integer,
  sl               integer,
  sv               integer,
  sva              integer,
  tk               integer,
  tn               integer,
  primary key (file_id, term, school_unit_code, identity_key)
) strict, without rowid;

-- Every grade row of today's store folded into its identifier's row: the same max() the
-- load takes, so nothing a view shows changes.
insert into pupil_term_grades
select file_id, term, school_unit_code, identity_key,
       max((grade_date * 1000000000 + line_number) * 10 + grade_year),
       max(case subject when 'BL' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end),
       max(case subject when 'BI' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end),
       max(case subject when 'EN' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end),
       max(case subject when 'FY' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end),
       max(case subject when 'GE' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end),
       max(case subject when 'HKK' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end),
       max(case subject when 'HI' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end),
       max(case subject when 'IDH' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end),
       max(case subject when 'KE' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end),
       max(case subject when 'MA' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end),
       max(case subject when 'M1' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end),
       max(case subject when 'M2' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end),
       max(case subject when 'ML' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end),
       max(case subject when 'MU' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end),
       max(case subject when 'RE' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end),
       max(case subject when 'SH' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end),
       max(case subject when 'SL' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end),
       max(case subject when 'SV' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end),
       max(case subject when 'SVA' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end),
       max(case subject when 'TK' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end),
       max(case subject when 'TN' then (grade_date * 1000000000 + line_number) * 8 + instr('ABCDEF-', grade) end)
from grade_rows
group by file_id, term, school_unit_code, identity_key;

-- The store one grade a row, for a steward in the sqlite3 shell: each identifier's grade in
-- force per subject in each file, with the betygsdatum and line it came from.
create view stored_grades as
select file_id, term, school_unit_code, identity_key, subject,
       substr('ABCDEF-', cell % 8, 1) as grade,
       cell / 8 / 1000000000 as grade_date,
       cell / 8 % 1000000000 as line_number
from (
  select g.file_id, g.term, g.school_unit_code, g.identity_key, s.subject,
         case s.subject
                    when 'BL' then g.bl
                    when 'BI' then g.bi
                    when 'EN' then g.en
                    when 'FY' then g.fy
                    when 'GE' then g.ge
                    when 'HKK' then g.hkk
                    when 'HI' then g.hi
                    when 'IDH' then g.idh
                    when 'KE' then g.ke
                    when 'MA' then g.ma
                    when 'M1' then g.m1
                    when 'M2' then g.m2
                    when 'ML' then g.ml
                    when 'MU' then g.mu
                    when 'RE' then g.re
                    when 'SH' then g.sh
                    when 'SL' then g.sl
                    when 'SV' then g.sv
                    when 'SVA' then g.sva
                    when 'TK' then g.tk
                    when 'TN' then g.tn
         end as cell
  from pupil_term_grades g
  cross join (select column1 as subject from (values ('BL'), ('BI'), ('EN'), ('FY'), ('GE'), ('HKK'), ('HI'), ('IDH'), ('KE'), ('MA'), ('M1'), ('M2'), ('ML'), ('MU'), ('RE'), ('SH'), ('SL'), ('SV'), ('SVA'), ('TK'), ('TN'))) s
)
where cell is not null;

-- What the per-pupil summaries, their row path and the per-subject tallies were for is now
-- this one table; the rules live once, in 040.
drop table grade_rows;
drop table pupil_grade_summaries;
drop table summarized_grade_files;
drop table subject_grade_tallies;

-- 040's per-pupil facts carry each subject's grade code (0 none, 1 A ... 6 F, 7 -) instead
-- of a 21-letter text, so results per subject (045) count integers in one pass. Every row is
-- recomputed by the full refresh this migration asks for.
alter table pupil_grade_facts drop column grades;
alter table pupil_grade_facts add column bl integer not null default 0; alter table pupil_grade_facts add column bi integer not null default 0; alter table pupil_grade_facts add column en integer not null default 0;
alter table pupil_grade_facts add column fy integer not null default 0; alter table pupil_grade_facts add column ge integer not null default 0; alter table pupil_grade_facts add column hkk integer not null default 0;
alter table pupil_grade_facts add column hi integer not null default 0; alter table pupil_grade_facts add column idh integer not null default 0; alter table pupil_grade_facts add column ke integer not null default 0;
alter table pupil_grade_facts add column ma integer not null default 0; alter table pupil_grade_facts add column m1 integer not null default 0; alter table pupil_grade_facts add column m2 integer not null default 0;
alter table pupil_grade_facts add column ml integer not null default 0; alter table pupil_grade_facts add column mu integer not null default 0; alter table pupil_grade_facts add column re integer not null default 0;
alter table pupil_grade_facts add column sh integer not null default 0; alter table pupil_grade_facts add column sl integer not null default 0; alter table pupil_grade_facts add column sv integer not null default 0;
alter table pupil_grade_facts add column sva integer not null default 0; alter table pupil_grade_facts add column tk integer not null default 0; alter table pupil_grade_facts add column tn integer not null default 0;

insert into warehouse_meta (key, value) values ('refresh_full', '1')
  on conflict (key) do update set value = '1';
