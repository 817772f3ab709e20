-- Which grades count, for the partitions in scope, and what they give per pupil. A grade
-- file replaces every grade of each (school, term) it holds that came from files first
-- seen before it: per (school, term), the rows of the file first seen last stand. Within
-- them, per (pupil, school, term, subject), the row with the later betygsdatum wins (ties:
-- the later row). Per pupil, school and term: the grades, passes and merit value of the
-- grades in force, and the grade year of the latest row (docs/views.md).
--
-- The one home of these rules. The grade store (pupil_term_grades, migration 017) holds
-- per file, (term, school) and pupil identifier each subject's latest grade packed with its
-- recency (cell = recency * 8 + grade code, 1 A ... 6 F, 7 -), so the later of two grades
-- is the larger cell and the grades in force of a pupil are max() per subject.
delete from grade_partition_owners where (school_unit_code, term) in (select school_unit_code, term from scope_grade_partitions);

insert into grade_partition_owners
select school_unit_code, term, file_id from (
  select p.school_unit_code, p.term, p.file_id,
         row_number() over (partition by p.school_unit_code, p.term
                            order by f.first_seen_file_id desc, f.file_id desc) as k
  from scope_grade_partitions s
  join grade_file_partitions p using (school_unit_code, term)
  join etl_files f using (file_id)
) where k = 1;

delete from pupil_grade_facts where (school_unit_code, term) in (select school_unit_code, term from scope_grade_partitions);

insert into scope_owners
select o.file_id, o.school_unit_code, o.term from scope_grade_partitions s join grade_partition_owners o using (school_unit_code, term);

-- The grades in force per pupil, school and term: the owning file's rows, each identifier
-- under the pupil it belongs to (a temporary id linked to a personnummer takes the
-- personnummer's, as in pupils), merged subject by subject by the later grade. A pupil has
-- two rows only when a linked temporary id has grades in the same partition too.
drop table if exists temp.pupil_grades_in_force;
create temp table pupil_grades_in_force as
select g.term, g.school_unit_code, coalesce(l.pnr_identity, g.identity_key) as pupil_key,
       max(g.latest) as latest,
       max(g.bl) as bl, max(g.bi) as bi, max(g.en) as en, max(g.fy) as fy, max(g.ge) as ge,
       max(g.hkk) as hkk, max(g.hi) as hi, max(g.idh) as idh, max(g.ke) as ke, max(g.ma) as ma,
       max(g.m1) as m1, max(g.m2) as m2, max(g.ml) as ml, max(g.mu) as mu, max(g.re) as re,
       max(g.sh) as sh, max(g.sl) as sl, max(g.sv) as sv, max(g.sva) as sva, max(g.tk) as tk,
       max(g.tn) as tn
from scope_owners o
cross join pupil_term_grades g on g.file_id = o.file_id and g.term = o.term and g.school_unit_code = o.school_unit_code
left join pupil_links l on l.temp_identity = g.identity_key
group by g.term, g.school_unit_code, coalesce(l.pnr_identity, g.identity_key);

insert into pupil_grade_facts
with
-- Points per grade code, from grade_points (written by the refresh from the code's rule).
points (p1, p2, p3, p4, p5, p6, p7) as (
  select max(case grade when 'A' then points end), max(case grade when 'B' then points end),
         max(case grade when 'C' then points end), max(case grade when 'D' then points end),
         max(case grade when 'E' then points end), max(case grade when 'F' then points end),
         max(case grade when '-' then points end)
  from grade_points
),
-- Each subject's grade code, 0 where the pupil has none; swedish: SV and SVA counted once,
-- the higher grade (the lower code).
coded as (
  select term, school_unit_code, pupil_key, latest,
         coalesce(bl % 8, 0) as bl, coalesce(bi % 8, 0) as bi, coalesce(en % 8, 0) as en, coalesce(fy % 8, 0) as fy,
         coalesce(ge % 8, 0) as ge, coalesce(hkk % 8, 0) as hkk, coalesce(hi % 8, 0) as hi, coalesce(idh % 8, 0) as idh,
         coalesce(ke % 8, 0) as ke, coalesce(ma % 8, 0) as ma, coalesce(m1 % 8, 0) as m1, coalesce(m2 % 8, 0) as m2,
         coalesce(ml % 8, 0) as ml, coalesce(mu % 8, 0) as mu, coalesce(re % 8, 0) as re, coalesce(sh % 8, 0) as sh,
         coalesce(sl % 8, 0) as sl, coalesce(sv % 8, 0) as sv, coalesce(sva % 8, 0) as sva, coalesce(tk % 8, 0) as tk,
         coalesce(tn % 8, 0) as tn,
         case when coalesce(sv % 8, 0) = 0 then coalesce(sva % 8, 0)
              when coalesce(sva % 8, 0) = 0 then sv % 8 else min(sv % 8, sva % 8) end as swedish
  from pupil_grades_in_force
),
-- The merit value's candidates (every subject but M2; SV and SVA as one) counted per grade
-- code: the 16 highest are all but the lowest (candidates - 16), taken from code 7 upward.
counted as (
  select c.*,
         (bl > 0) + (bi > 0) + (en > 0) + (fy > 0) + (ge > 0) + (hkk > 0) + (hi > 0) +
           (idh > 0) + (ke > 0) + (ma > 0) + (m1 > 0) + (m2 > 0) + (ml > 0) + (mu > 0) +
           (re > 0) + (sh > 0) + (sl > 0) + (sv > 0) + (sva > 0) + (tk > 0) + (tn > 0) as n_grades,
         (bl between 1 and 5) + (bi between 1 and 5) + (en between 1 and 5) + (fy between 1 and 5) + (ge between 1 and 5) +
           (hkk between 1 and 5) + (hi between 1 and 5) + (idh between 1 and 5) + (ke between 1 and 5) + (ma between 1 and 5) +
           (m1 between 1 and 5) + (m2 between 1 and 5) + (ml between 1 and 5) + (mu between 1 and 5) + (re between 1 and 5) +
           (sh between 1 and 5) + (sl between 1 and 5) + (sv between 1 and 5) + (sva between 1 and 5) + (tk between 1 and 5) +
           (tn between 1 and 5) as n_passed,
         (bl = 1) + (bi = 1) + (en = 1) + (fy = 1) + (ge = 1) + (hkk = 1) + (hi = 1) + (idh = 1) + (ke = 1) + (ma = 1) +
           (m1 = 1) + (ml = 1) + (mu = 1) + (re = 1) + (sh = 1) + (sl = 1) + (tk = 1) + (tn = 1) + (swedish = 1) as n1,
         (bl = 2) + (bi = 2) + (en = 2) + (fy = 2) + (ge = 2) + (hkk = 2) + (hi = 2) + (idh = 2) + (ke = 2) + (ma = 2) +
           (m1 = 2) + (ml = 2) + (mu = 2) + (re = 2) + (sh = 2) + (sl = 2) + (tk = 2) + (tn = 2) + (swedish = 2) as n2,
         (bl = 3) + (bi = 3) + (en = 3) + (fy = 3) + (ge = 3) + (hkk = 3) + (hi = 3) + (idh = 3) + (ke = 3) + (ma = 3) +
           (m1 = 3) + (ml = 3) + (mu = 3) + (re = 3) + (sh = 3) + (sl = 3) + (tk = 3) + (tn = 3) + (swedish = 3) as n3,
         (bl = 4) + (bi = 4) + (en = 4) + (fy = 4) + (ge = 4) + (hkk = 4) + (hi = 4) + (idh = 4) + (ke = 4) + (ma = 4) +
           (m1 = 4) + (ml = 4) + (mu = 4) + (re = 4) + (sh = 4) + (sl = 4) + (tk = 4) + (tn = 4) + (swedish = 4) as n4,
         (bl = 5) + (bi = 5) + (en = 5) + (fy = 5) + (ge = 5) + (hkk = 5) + (hi = 5) + (idh = 5) + (ke = 5) + (ma = 5) +
           (m1 = 5) + (ml = 5) + (mu = 5) + (re = 5) + (sh = 5) + (sl = 5) + (tk = 5) + (tn = 5) + (swedish = 5) as n5,
         (bl = 6) + (bi = 6) + (en = 6) + (fy = 6) + (ge = 6) + (hkk = 6) + (hi = 6) + (idh = 6) + (ke = 6) + (ma = 6) +
           (m1 = 6) + (ml = 6) + (mu = 6) + (re = 6) + (sh = 6) + (sl = 6) + (tk = 6) + (tn = 6) + (swedish = 6) as n6,
         (bl = 7) + (bi = 7) + (en = 7) + (fy = 7) + (ge = 7) + (hkk = 7) + (hi = 7) + (idh = 7) + (ke = 7) + (ma = 7) +
           (m1 = 7) + (ml = 7) + (mu = 7) + (re = 7) + (sh = 7) + (sl = 7) + (tk = 7) + (tn = 7) + (swedish = 7) as n7
  from coded c
),
-- How many candidates lie at each code or below it (towards the lowest points).
cumulative as (
  select c.*, max(n1 + n2 + n3 + n4 + n5 + n6 + n7 - 16, 0) as dropped,
         n7 as k7, n7 + n6 as k6, n7 + n6 + n5 as k5, n7 + n6 + n5 + n4 as k4,
         n7 + n6 + n5 + n4 + n3 as k3, n7 + n6 + n5 + n4 + n3 + n2 as k2
  from counted c
)
select c.term, c.school_unit_code, c.pupil_key,
       c.latest % 10,
       c.n_grades,
       c.n_passed,
       -- merit value: the candidates' points less the dropped lowest, plus M2's points
       c.n1 * p.p1 + c.n2 * p.p2 + c.n3 * p.p3 + c.n4 * p.p4 + c.n5 * p.p5 + c.n6 * p.p6 + c.n7 * p.p7
         - (min(c.dropped, c.k7) * p.p7
            + max(min(c.dropped, c.k6) - c.k7, 0) * p.p6
            + max(min(c.dropped, c.k5) - c.k6, 0) * p.p5
            + max(min(c.dropped, c.k4) - c.k5, 0) * p.p4
            + max(min(c.dropped, c.k3) - c.k4, 0) * p.p3
            + max(min(c.dropped, c.k2) - c.k3, 0) * p.p2
            + max(c.dropped - c.k2, 0) * p.p1)
         + case c.m2 when 0 then 0 when 1 then p.p1 when 2 then p.p2 when 3 then p.p3 when 4 then p.p4
                     when 5 then p.p5 when 6 then p.p6 else p.p7 end,
       (c.sv between 1 and 5) or (c.sva between 1 and 5),
       c.en between 1 and 5,
       c.ma between 1 and 5,
       -- passed other subjects: all but SV, SVA, EN and MA (M1, M2 and ML count)
       c.n_passed - (c.sv between 1 and 5) - (c.sva between 1 and 5) - (c.en between 1 and 5) - (c.ma between 1 and 5),
       -- one letter a subject in the codes' order, ' ' for none (045_subject_results.sql)
       substr(' ABCDEF-', bl + 1, 1) || substr(' ABCDEF-', bi + 1, 1) || substr(' ABCDEF-', en + 1, 1) || substr(' ABCDEF-', fy + 1, 1) ||
       substr(' ABCDEF-', ge + 1, 1) || substr(' ABCDEF-', hkk + 1, 1) || substr(' ABCDEF-', hi + 1, 1) || substr(' ABCDEF-', idh + 1, 1) ||
       substr(' ABCDEF-', ke + 1, 1) || substr(' ABCDEF-', ma + 1, 1) || substr(' ABCDEF-', m1 + 1, 1) || substr(' ABCDEF-', m2 + 1, 1) ||
       substr(' ABCDEF-', ml + 1, 1) || substr(' ABCDEF-', mu + 1, 1) || substr(' ABCDEF-', re + 1, 1) || substr(' ABCDEF-', sh + 1, 1) ||
       substr(' ABCDEF-', sl + 1, 1) || substr(' ABCDEF-', sv + 1, 1) || substr(' ABCDEF-', sva + 1, 1) || substr(' ABCDEF-', tk + 1, 1) ||
       substr(' ABCDEF-', tn + 1, 1)
from cumulative c cross join points p;
