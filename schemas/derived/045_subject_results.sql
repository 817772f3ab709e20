-- Results per subject: per (school, term, grade year, subject) the grades in force of the
-- counted pupils (population all, sex all; the pupil's grade year, that of their latest
-- row). share_passed = A-E / graded; mean_points over A-F (a - has no points to average);
-- fewer than min_pupils graded: the distribution, the share and the mean are NULL.
-- Recomputed for the partitions whose grades were (the scope of 040).
--
-- Two ways to the same counts. A partition whose owning file was summarized at load, with
-- no pupil there under a linked temporary id and no identifier met twice, adds up the
-- file's tallies (subject_grade_tallies: one row per grade and subject, not per pupil).
-- Any other partition counts its pupils' grade strings (pupil_grade_facts.grades, one
-- letter a subject in the codes' order). The differential tests check both.
delete from subject_results_facts where (select full from refresh_mode) = 1;
delete from subject_results_facts where (school_unit_code, term) in (select school_unit_code, term from scope_grade_partitions);

drop table if exists temp.subject_partitions;
create temp table subject_partitions (
  school_unit_code text not null,
  term             text not null,
  file_id          integer not null,
  tallied          integer not null,
  primary key (school_unit_code, term)
) without rowid;

insert into subject_partitions
select p.school_unit_code, p.term, o.file_id,
       o.file_id in (select file_id from summarized_grade_files)
       and not exists (select 1 from pupil_grade_summaries g
                       where g.file_id = o.file_id and g.term = p.term and g.school_unit_code = p.school_unit_code
                         and (g.fragmented = 1 or g.identity_key in (select temp_identity from pupil_links)))
from scope_grade_partitions p
join grade_partition_owners o using (school_unit_code, term);

-- The counts, each path in its own statement: a partition has one owning file, whose
-- tallies are already one row per (grade year, subject).
drop table if exists temp.subject_counts;
create temp table subject_counts (
  school_unit_code text not null, term text not null, grade_year integer not null, subject text not null,
  n integer not null, a integer not null, b integer not null, c integer not null, d integer not null,
  e integer not null, f integer not null, dash integer not null
);

insert into subject_counts
select p.school_unit_code, p.term, t.grade_year, t.subject,
       t.n_a + t.n_b + t.n_c + t.n_d + t.n_e + t.n_f + t.n_dash, t.n_a, t.n_b, t.n_c, t.n_d, t.n_e, t.n_f, t.n_dash
from (select * from subject_partitions where tallied) p
cross join subject_grade_tallies t on t.file_id = p.file_id and t.school_unit_code = p.school_unit_code and t.term = p.term;

insert into subject_counts
with subjects (position, subject) as (values
  (1, 'BL'), (2, 'BI'), (3, 'EN'), (4, 'FY'), (5, 'GE'), (6, 'HKK'), (7, 'HI'), (8, 'IDH'), (9, 'KE'), (10, 'MA'),
  (11, 'M1'), (12, 'M2'), (13, 'ML'), (14, 'MU'), (15, 'RE'), (16, 'SH'), (17, 'SL'), (18, 'SV'), (19, 'SVA'),
  (20, 'TK'), (21, 'TN')
),
graded as (
  select f.school_unit_code, f.term, f.grade_year, s.subject, substr(f.grades, s.position, 1) as grade
  from (select * from subject_partitions where not tallied) p
  cross join pupil_grade_facts f on f.term = p.term and f.school_unit_code = p.school_unit_code
  cross join subjects s
  where substr(f.grades, s.position, 1) <> ' '
)
select school_unit_code, term, grade_year, subject, count(*),
       sum(grade = 'A'), sum(grade = 'B'), sum(grade = 'C'), sum(grade = 'D'), sum(grade = 'E'), sum(grade = 'F'),
       sum(grade = '-')
from graded group by school_unit_code, term, grade_year, subject;

insert into subject_results_facts
select c.school_unit_code, c.term, c.grade_year, c.subject, c.n,
       case when c.n >= s.min_pupils then c.a end, case when c.n >= s.min_pupils then c.b end,
       case when c.n >= s.min_pupils then c.c end, case when c.n >= s.min_pupils then c.d end,
       case when c.n >= s.min_pupils then c.e end, case when c.n >= s.min_pupils then c.f end,
       case when c.n >= s.min_pupils then c.dash end,
       case when c.n >= s.min_pupils then (c.a + c.b + c.c + c.d + c.e) * 1.0 / c.n end,
       case when c.n >= s.min_pupils and c.n > c.dash
            then (p.a * c.a + p.b * c.b + p.c * c.c + p.d * c.d + p.e * c.e + p.f * c.f) / (c.n - c.dash) end,
       c.n < s.min_pupils
from subject_counts c cross join settings s
cross join (select max(case grade when 'A' then points end) as a, max(case grade when 'B' then points end) as b,
                   max(case grade when 'C' then points end) as c, max(case grade when 'D' then points end) as d,
                   max(case grade when 'E' then points end) as e, max(case grade when 'F' then points end) as f
            from grade_points) p;
