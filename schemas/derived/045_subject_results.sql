-- Results per subject: per (school, term, grade year, subject) the grades in force of the
-- counted pupils (population all, sex all; the pupil's grade year, that of their latest
-- row). share_passed = A-E / graded; mean_points over A-F (a - has no points to average);
-- fewer than min_pupils graded: the distribution, the share and the mean are NULL.
-- Recomputed for the partitions whose grades were (the scope of 040).
delete from subject_results_facts where school_unit_code >= (select every_text from refresh_wipe);   -- a full refresh: every row (000)
delete from subject_results_facts where (school_unit_code, term) in (select school_unit_code, term from scope_grade_partitions);

-- Per (school, term, grade year) the pupils with each grade in each subject, in one pass over
-- the partitions' pupils (pupil_grade_facts keeps each subject's grade code: 0 none, 1 A ...
-- 6 F, 7 -). Counted 16 bits a grade in two integers a subject — <subject>_ad: A at bit 0,
-- B at 16, C at 32, D at 48; <subject>_ef: E, F and - — by adding 1 << (16 * (code - 1))
-- (a shift by 64 or more, or a negative one past 16, gives 0): two sums a subject instead of
-- seven, which halved this model's time (docs/performance.md). A group never holds 32,768
-- pupils, so no field overflows.
drop table if exists temp.subject_grade_counts;
create temp table subject_grade_counts as
select f.school_unit_code, f.term, f.grade_year,
       sum(1 << (16 * f.bl - 16)) as bl_ad, sum(1 << (16 * f.bl - 80)) as bl_ef,
       sum(1 << (16 * f.bi - 16)) as bi_ad, sum(1 << (16 * f.bi - 80)) as bi_ef,
       sum(1 << (16 * f.en - 16)) as en_ad, sum(1 << (16 * f.en - 80)) as en_ef,
       sum(1 << (16 * f.fy - 16)) as fy_ad, sum(1 << (16 * f.fy - 80)) as fy_ef,
       sum(1 << (16 * f.ge - 16)) as ge_ad, sum(1 << (16 * f.ge - 80)) as ge_ef,
       sum(1 << (16 * f.hkk - 16)) as hkk_ad, sum(1 << (16 * f.hkk - 80)) as hkk_ef,
       sum(1 << (16 * f.hi - 16)) as hi_ad, sum(1 << (16 * f.hi - 80)) as hi_ef,
       sum(1 << (16 * f.idh - 16)) as idh_ad, sum(1 << (16 * f.idh - 80)) as idh_ef,
       sum(1 << (16 * f.ke - 16)) as ke_ad, sum(1 << (16 * f.ke - 80)) as ke_ef,
       sum(1 << (16 * f.ma - 16)) as ma_ad, sum(1 << (16 * f.ma - 80)) as ma_ef,
       sum(1 << (16 * f.m1 - 16)) as m1_ad, sum(1 << (16 * f.m1 - 80)) as m1_ef,
       sum(1 << (16 * f.m2 - 16)) as m2_ad, sum(1 << (16 * f.m2 - 80)) as m2_ef,
       sum(1 << (16 * f.ml - 16)) as ml_ad, sum(1 << (16 * f.ml - 80)) as ml_ef,
       sum(1 << (16 * f.mu - 16)) as mu_ad, sum(1 << (16 * f.mu - 80)) as mu_ef,
       sum(1 << (16 * f.re - 16)) as re_ad, sum(1 << (16 * f.re - 80)) as re_ef,
       sum(1 << (16 * f.sh - 16)) as sh_ad, sum(1 << (16 * f.sh - 80)) as sh_ef,
       sum(1 << (16 * f.sl - 16)) as sl_ad, sum(1 << (16 * f.sl - 80)) as sl_ef,
       sum(1 << (16 * f.sv - 16)) as sv_ad, sum(1 << (16 * f.sv - 80)) as sv_ef,
       sum(1 << (16 * f.sva - 16)) as sva_ad, sum(1 << (16 * f.sva - 80)) as sva_ef,
       sum(1 << (16 * f.tk - 16)) as tk_ad, sum(1 << (16 * f.tk - 80)) as tk_ef,
       sum(1 << (16 * f.tn - 16)) as tn_ad, sum(1 << (16 * f.tn - 80)) as tn_ef
from scope_grade_partitions p
cross join pupil_grade_facts f on f.term = p.term and f.school_unit_code = p.school_unit_code
group by f.term, f.school_unit_code, f.grade_year;

-- One row per subject with a grade: each subject's two counters picked out of its group's
-- row, then n graded and A, B, C, D, E, F and - taken out of them.
drop table if exists temp.subject_counts;
create temp table subject_counts as
with subjects (subject) as (values ('BL'), ('BI'), ('EN'), ('FY'), ('GE'), ('HKK'), ('HI'), ('IDH'), ('KE'), ('MA'), ('M1'), ('M2'), ('ML'), ('MU'), ('RE'), ('SH'), ('SL'), ('SV'), ('SVA'), ('TK'), ('TN')),
picked as materialized (
  select c.school_unit_code, c.term, c.grade_year, s.subject,
         case s.subject
                when 'BL' then bl_ad when 'BI' then bi_ad when 'EN' then en_ad when 'FY' then fy_ad when 'GE' then ge_ad
                when 'HKK' then hkk_ad when 'HI' then hi_ad when 'IDH' then idh_ad when 'KE' then ke_ad when 'MA' then ma_ad
                when 'M1' then m1_ad when 'M2' then m2_ad when 'ML' then ml_ad when 'MU' then mu_ad when 'RE' then re_ad
                when 'SH' then sh_ad when 'SL' then sl_ad when 'SV' then sv_ad when 'SVA' then sva_ad when 'TK' then tk_ad
                when 'TN' then tn_ad
         end as ad,
         case s.subject
                when 'BL' then bl_ef when 'BI' then bi_ef when 'EN' then en_ef when 'FY' then fy_ef when 'GE' then ge_ef
                when 'HKK' then hkk_ef when 'HI' then hi_ef when 'IDH' then idh_ef when 'KE' then ke_ef when 'MA' then ma_ef
                when 'M1' then m1_ef when 'M2' then m2_ef when 'ML' then ml_ef when 'MU' then mu_ef when 'RE' then re_ef
                when 'SH' then sh_ef when 'SL' then sl_ef when 'SV' then sv_ef when 'SVA' then sva_ef when 'TK' then tk_ef
                when 'TN' then tn_ef
         end as ef
  from subject_grade_counts c cross join subjects s
),
counted as (
  select school_unit_code, term, grade_year, subject,
         ad & 65535 as a, ad >> 16 & 65535 as b, ad >> 32 & 65535 as c, ad >> 48 & 65535 as d,
         ef & 65535 as e, ef >> 16 & 65535 as f, ef >> 32 & 65535 as dash
  from picked
)
select school_unit_code, term, grade_year, subject, a + b + c + d + e + f + dash as n, a, b, c, d, e, f, dash
from counted
where a + b + c + d + e + f + dash > 0;

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
            from grade_points) p
order by c.school_unit_code, c.term, c.grade_year, c.subject;   -- the table's key order: appended, not scattered
