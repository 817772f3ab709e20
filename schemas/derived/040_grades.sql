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
-- personnummer's, as in pupils), merged subject by subject by the later grade (the larger
-- cell; 0 for none). A pupil has two rows only when a linked temporary id has grades in the
-- same partition too: the upsert merges them, the rest arrive in key order.
drop table if exists temp.pupil_grades_in_force;
create temp table pupil_grades_in_force (
  term             text not null,
  school_unit_code text not null,
  pupil_key        integer not null,
  latest           integer not null,   -- the latest row's recency * 10 + grade year
  bl integer not null, bi integer not null, en integer not null, fy integer not null, ge integer not null, hkk integer not null, hi integer not null,
  idh integer not null, ke integer not null, ma integer not null, m1 integer not null, m2 integer not null, ml integer not null, mu integer not null,
  re integer not null, sh integer not null, sl integer not null, sv integer not null, sva integer not null, tk integer not null, tn integer not null,
  primary key (term, school_unit_code, pupil_key)
) without rowid;

insert into pupil_grades_in_force
select g.term, g.school_unit_code, coalesce(l.pnr_identity, g.identity_key), g.latest,
       coalesce(g.bl, 0), coalesce(g.bi, 0), coalesce(g.en, 0), coalesce(g.fy, 0), coalesce(g.ge, 0),
       coalesce(g.hkk, 0), coalesce(g.hi, 0), coalesce(g.idh, 0), coalesce(g.ke, 0), coalesce(g.ma, 0),
       coalesce(g.m1, 0), coalesce(g.m2, 0), coalesce(g.ml, 0), coalesce(g.mu, 0), coalesce(g.re, 0),
       coalesce(g.sh, 0), coalesce(g.sl, 0), coalesce(g.sv, 0), coalesce(g.sva, 0), coalesce(g.tk, 0),
       coalesce(g.tn, 0)
from scope_owners o
cross join pupil_term_grades g on g.file_id = o.file_id and g.term = o.term and g.school_unit_code = o.school_unit_code
left join pupil_links l on l.temp_identity = g.identity_key
where true
on conflict (term, school_unit_code, pupil_key) do update set
  latest = max(latest, excluded.latest),
  bl = max(bl, excluded.bl), bi = max(bi, excluded.bi), en = max(en, excluded.en), fy = max(fy, excluded.fy),
  ge = max(ge, excluded.ge), hkk = max(hkk, excluded.hkk), hi = max(hi, excluded.hi), idh = max(idh, excluded.idh),
  ke = max(ke, excluded.ke), ma = max(ma, excluded.ma), m1 = max(m1, excluded.m1), m2 = max(m2, excluded.m2),
  ml = max(ml, excluded.ml), mu = max(mu, excluded.mu), re = max(re, excluded.re), sh = max(sh, excluded.sh),
  sl = max(sl, excluded.sl), sv = max(sv, excluded.sv), sva = max(sva, excluded.sva), tk = max(tk, excluded.tk),
  tn = max(tn, excluded.tn);

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
-- Each subject's grade code (0 none, 1 A ... 6 F, 7 -); swedish: SV and SVA as one, the
-- higher grade (the lower code), for the merit value.
coded as (
  select term, school_unit_code, pupil_key, latest,
         bl % 8 as bl, bi % 8 as bi, en % 8 as en, fy % 8 as fy, ge % 8 as ge, hkk % 8 as hkk, hi % 8 as hi,
         idh % 8 as idh, ke % 8 as ke, ma % 8 as ma, m1 % 8 as m1, m2 % 8 as m2, ml % 8 as ml, mu % 8 as mu,
         re % 8 as re, sh % 8 as sh, sl % 8 as sl, sv % 8 as sv, sva % 8 as sva, tk % 8 as tk, tn % 8 as tn,
         case when sv % 8 = 0 then sva % 8 when sva % 8 = 0 then sv % 8 else min(sv % 8, sva % 8) end as swedish
  from pupil_grades_in_force
),
-- How many subjects have each grade code, counted in one integer: 5 bits a code (at most 21
-- subjects), subject by subject 1 << (5 * code) added — a shift and an add per subject
-- instead of a comparison per subject and code. every_subject: all 21; candidates: the merit
-- value's (every subject but M2; SV and SVA as one). Materialized: what follows reads the
-- counts as columns.
counted as materialized (
  select c.*,
         (1 << 5 * bl) + (1 << 5 * bi) + (1 << 5 * en) + (1 << 5 * fy) + (1 << 5 * ge) + (1 << 5 * hkk) +
           (1 << 5 * hi) + (1 << 5 * idh) + (1 << 5 * ke) + (1 << 5 * ma) + (1 << 5 * m1) + (1 << 5 * m2) +
           (1 << 5 * ml) + (1 << 5 * mu) + (1 << 5 * re) + (1 << 5 * sh) + (1 << 5 * sl) + (1 << 5 * sv) +
           (1 << 5 * sva) + (1 << 5 * tk) + (1 << 5 * tn) as every_subject,
         (1 << 5 * bl) + (1 << 5 * bi) + (1 << 5 * en) + (1 << 5 * fy) + (1 << 5 * ge) + (1 << 5 * hkk) +
           (1 << 5 * hi) + (1 << 5 * idh) + (1 << 5 * ke) + (1 << 5 * ma) + (1 << 5 * m1) + (1 << 5 * ml) +
           (1 << 5 * mu) + (1 << 5 * re) + (1 << 5 * sh) + (1 << 5 * sl) + (1 << 5 * tk) + (1 << 5 * tn) +
           (1 << 5 * swedish) as candidates
  from coded c
),
-- n<code>: the candidates with that grade code. The 16 highest are all but the lowest
-- (candidates - 16): dropped from code 7 (-, 0 points) upward; k<code>: the candidates at
-- that code or below it.
levels as (
  select c.*, 21 - (every_subject & 31) as n_grades,
         (every_subject >> 5 & 31) + (every_subject >> 10 & 31) + (every_subject >> 15 & 31)
           + (every_subject >> 20 & 31) + (every_subject >> 25 & 31) as n_passed,
         candidates >> 5 & 31 as n1, candidates >> 10 & 31 as n2, candidates >> 15 & 31 as n3, candidates >> 20 & 31 as n4,
         candidates >> 25 & 31 as n5, candidates >> 30 & 31 as n6, candidates >> 35 & 31 as n7
  from counted c
),
cumulative as materialized (
  select c.*, max(n1 + n2 + n3 + n4 + n5 + n6 + n7 - 16, 0) as dropped,
         n7 as k7, n7 + n6 as k6, n7 + n6 + n5 as k5, n7 + n6 + n5 + n4 as k4,
         n7 + n6 + n5 + n4 + n3 as k3, n7 + n6 + n5 + n4 + n3 + n2 as k2
  from levels c
)
select c.term, c.school_unit_code, c.pupil_key, c.latest % 10, c.n_grades, c.n_passed,
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
       -- each subject's grade code, for results per subject (045)
       c.bl, c.bi, c.en, c.fy, c.ge, c.hkk, c.hi,
       c.idh, c.ke, c.ma, c.m1, c.m2, c.ml, c.mu,
       c.re, c.sh, c.sl, c.sv, c.sva, c.tk, c.tn
from cumulative c cross join points p;
