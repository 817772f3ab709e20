-- Results per subject: per (school, term, grade year, subject) the grades in force of the
-- counted pupils (population all, sex all; the pupil's grade year, that of their latest
-- row). share_passed = A-E / graded; mean_points over A-F (a - has no points to average);
-- fewer than min_pupils graded: the distribution, the share and the mean are NULL.
-- Recomputed for the partitions whose grades were (the scope of 040), counted from the
-- pupils' grade strings (pupil_grade_facts.grades, one letter a subject in the codes' order).
delete from subject_results_facts where (select full from refresh_mode) = 1;
delete from subject_results_facts where (school_unit_code, term) in (select school_unit_code, term from scope_grade_partitions);

drop table if exists temp.subject_counts;
create temp table subject_counts as
with subjects (position, subject) as (values
  (1, 'BL'), (2, 'BI'), (3, 'EN'), (4, 'FY'), (5, 'GE'), (6, 'HKK'), (7, 'HI'), (8, 'IDH'), (9, 'KE'), (10, 'MA'),
  (11, 'M1'), (12, 'M2'), (13, 'ML'), (14, 'MU'), (15, 'RE'), (16, 'SH'), (17, 'SL'), (18, 'SV'), (19, 'SVA'),
  (20, 'TK'), (21, 'TN')
),
graded as (
  select f.school_unit_code, f.term, f.grade_year, s.subject, substr(f.grades, s.position, 1) as grade
  from scope_grade_partitions p
  cross join pupil_grade_facts f on f.term = p.term and f.school_unit_code = p.school_unit_code
  cross join subjects s
  where substr(f.grades, s.position, 1) <> ' '
)
select school_unit_code, term, grade_year, subject, count(*) as n,
       sum(grade = 'A') as a, sum(grade = 'B') as b, sum(grade = 'C') as c, sum(grade = 'D') as d, sum(grade = 'E') as e,
       sum(grade = 'F') as f, sum(grade = '-') as dash
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
