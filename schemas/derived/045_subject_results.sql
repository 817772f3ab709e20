-- Results per subject: per (school, term, grade year, subject) the grades in force of the
-- counted pupils (population all, sex all; the pupil's grade year, that of their latest
-- row). share_passed = A-E / graded; mean_points over A-F (a - has no points to average);
-- fewer than min_pupils graded: the distribution, the share and the mean are NULL.
-- Recomputed for the partitions whose grades were (the scope of 040).
delete from subject_results_facts where (select full from refresh_mode) = 1;
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

-- One row per subject with a grade: n graded, then A, B, C, D, E, F and - counted.
drop table if exists temp.subject_counts;
create temp table subject_counts as
select school_unit_code, term, grade_year, subject, a + b + c + d + e + f + dash as n, a, b, c, d, e, f, dash
from (
  select null as school_unit_code, null as term, null as grade_year, null as subject, 0 as a, 0 as b, 0 as c, 0 as d,
         0 as e, 0 as f, 0 as dash where 0
  union all select school_unit_code, term, grade_year, 'BL', bl_ad & 65535, bl_ad >> 16 & 65535, bl_ad >> 32 & 65535, bl_ad >> 48 & 65535, bl_ef & 65535, bl_ef >> 16 & 65535, bl_ef >> 32 & 65535 from subject_grade_counts
union all select school_unit_code, term, grade_year, 'BI', bi_ad & 65535, bi_ad >> 16 & 65535, bi_ad >> 32 & 65535, bi_ad >> 48 & 65535, bi_ef & 65535, bi_ef >> 16 & 65535, bi_ef >> 32 & 65535 from subject_grade_counts
union all select school_unit_code, term, grade_year, 'EN', en_ad & 65535, en_ad >> 16 & 65535, en_ad >> 32 & 65535, en_ad >> 48 & 65535, en_ef & 65535, en_ef >> 16 & 65535, en_ef >> 32 & 65535 from subject_grade_counts
union all select school_unit_code, term, grade_year, 'FY', fy_ad & 65535, fy_ad >> 16 & 65535, fy_ad >> 32 & 65535, fy_ad >> 48 & 65535, fy_ef & 65535, fy_ef >> 16 & 65535, fy_ef >> 32 & 65535 from subject_grade_counts
union all select school_unit_code, term, grade_year, 'GE', ge_ad & 65535, ge_ad >> 16 & 65535, ge_ad >> 32 & 65535, ge_ad >> 48 & 65535, ge_ef & 65535, ge_ef >> 16 & 65535, ge_ef >> 32 & 65535 from subject_grade_counts
union all select school_unit_code, term, grade_year, 'HKK', hkk_ad & 65535, hkk_ad >> 16 & 65535, hkk_ad >> 32 & 65535, hkk_ad >> 48 & 65535, hkk_ef & 65535, hkk_ef >> 16 & 65535, hkk_ef >> 32 & 65535 from subject_grade_counts
union all select school_unit_code, term, grade_year, 'HI', hi_ad & 65535, hi_ad >> 16 & 65535, hi_ad >> 32 & 65535, hi_ad >> 48 & 65535, hi_ef & 65535, hi_ef >> 16 & 65535, hi_ef >> 32 & 65535 from subject_grade_counts
union all select school_unit_code, term, grade_year, 'IDH', idh_ad & 65535, idh_ad >> 16 & 65535, idh_ad >> 32 & 65535, idh_ad >> 48 & 65535, idh_ef & 65535, idh_ef >> 16 & 65535, idh_ef >> 32 & 65535 from subject_grade_counts
union all select school_unit_code, term, grade_year, 'KE', ke_ad & 65535, ke_ad >> 16 & 65535, ke_ad >> 32 & 65535, ke_ad >> 48 & 65535, ke_ef & 65535, ke_ef >> 16 & 65535, ke_ef >> 32 & 65535 from subject_grade_counts
union all select school_unit_code, term, grade_year, 'MA', ma_ad & 65535, ma_ad >> 16 & 65535, ma_ad >> 32 & 65535, ma_ad >> 48 & 65535, ma_ef & 65535, ma_ef >> 16 & 65535, ma_ef >> 32 & 65535 from subject_grade_counts
union all select school_unit_code, term, grade_year, 'M1', m1_ad & 65535, m1_ad >> 16 & 65535, m1_ad >> 32 & 65535, m1_ad >> 48 & 65535, m1_ef & 65535, m1_ef >> 16 & 65535, m1_ef >> 32 & 65535 from subject_grade_counts
union all select school_unit_code, term, grade_year, 'M2', m2_ad & 65535, m2_ad >> 16 & 65535, m2_ad >> 32 & 65535, m2_ad >> 48 & 65535, m2_ef & 65535, m2_ef >> 16 & 65535, m2_ef >> 32 & 65535 from subject_grade_counts
union all select school_unit_code, term, grade_year, 'ML', ml_ad & 65535, ml_ad >> 16 & 65535, ml_ad >> 32 & 65535, ml_ad >> 48 & 65535, ml_ef & 65535, ml_ef >> 16 & 65535, ml_ef >> 32 & 65535 from subject_grade_counts
union all select school_unit_code, term, grade_year, 'MU', mu_ad & 65535, mu_ad >> 16 & 65535, mu_ad >> 32 & 65535, mu_ad >> 48 & 65535, mu_ef & 65535, mu_ef >> 16 & 65535, mu_ef >> 32 & 65535 from subject_grade_counts
union all select school_unit_code, term, grade_year, 'RE', re_ad & 65535, re_ad >> 16 & 65535, re_ad >> 32 & 65535, re_ad >> 48 & 65535, re_ef & 65535, re_ef >> 16 & 65535, re_ef >> 32 & 65535 from subject_grade_counts
union all select school_unit_code, term, grade_year, 'SH', sh_ad & 65535, sh_ad >> 16 & 65535, sh_ad >> 32 & 65535, sh_ad >> 48 & 65535, sh_ef & 65535, sh_ef >> 16 & 65535, sh_ef >> 32 & 65535 from subject_grade_counts
union all select school_unit_code, term, grade_year, 'SL', sl_ad & 65535, sl_ad >> 16 & 65535, sl_ad >> 32 & 65535, sl_ad >> 48 & 65535, sl_ef & 65535, sl_ef >> 16 & 65535, sl_ef >> 32 & 65535 from subject_grade_counts
union all select school_unit_code, term, grade_year, 'SV', sv_ad & 65535, sv_ad >> 16 & 65535, sv_ad >> 32 & 65535, sv_ad >> 48 & 65535, sv_ef & 65535, sv_ef >> 16 & 65535, sv_ef >> 32 & 65535 from subject_grade_counts
union all select school_unit_code, term, grade_year, 'SVA', sva_ad & 65535, sva_ad >> 16 & 65535, sva_ad >> 32 & 65535, sva_ad >> 48 & 65535, sva_ef & 65535, sva_ef >> 16 & 65535, sva_ef >> 32 & 65535 from subject_grade_counts
union all select school_unit_code, term, grade_year, 'TK', tk_ad & 65535, tk_ad >> 16 & 65535, tk_ad >> 32 & 65535, tk_ad >> 48 & 65535, tk_ef & 65535, tk_ef >> 16 & 65535, tk_ef >> 32 & 65535 from subject_grade_counts
union all select school_unit_code, term, grade_year, 'TN', tn_ad & 65535, tn_ad >> 16 & 65535, tn_ad >> 32 & 65535, tn_ad >> 48 & 65535, tn_ef & 65535, tn_ef >> 16 & 65535, tn_ef >> 32 & 65535 from subject_grade_counts
)
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
