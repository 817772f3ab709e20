-- In scope: every pupil of the partitions whose grades were recomputed, and every row of
-- the pupils whose registrations changed.
--
-- The rows are computed into a temporary table first and compared with the rows they
-- replace: school results (060) are recomputed only for partitions whose pupil rows
-- changed. A re-registered newcomer has grades in many partitions; most of them do not
-- change.
drop table if exists temp.old_pupil_term_facts;
create temp table old_pupil_term_facts as
select * from pupil_term_facts where (school_unit_code, term) in (select school_unit_code, term from scope_grade_partitions)
union
select * from pupil_term_facts where pupil_key in (select pupil_key from scope_pupils);

drop table if exists temp.new_pupil_term_facts;
create temp table new_pupil_term_facts as select * from pupil_term_facts where 0;

-- The statements below keep their intermediate results in small temporary tables with
-- keys, rather than one long WITH: the planner then cannot lose an index on the way (a
-- join to an unindexed CTE once cost 4 s of a 5 s refresh step).

-- The grade rows of the partitions in scope, partition by partition in key order. s's
-- columns, not g's: then SQLite sees the rows arrive grouped by (school, term, pupil) and
-- groups them without a temporary B-tree.
drop view if exists temp.scope_grades;
create temp view scope_grades as
select s.school_unit_code, s.term, g.pupil_key, g.subject, g.grade, g.points, g.grade_year, g.recency, g.kind
from scope_grade_partitions s cross join grades_in_force g on g.school_unit_code = s.school_unit_code and g.term = s.term;

-- Every pupil in scope at each school and term: sums of their grades, and their status,
-- computed from whatever scope_grades holds (the view is read twice, below).
drop view if exists temp.scope_pupil_term_status;
create temp view scope_pupil_term_status as
with grades as (
  -- A to E give points, F and - none: passed is points > 0.
  select *, points > 0 as passed from scope_grades
),
-- Merit value in one aggregate pass: the candidates are every grade but M2, with SV and
-- SVA counting once (the higher). With at most 16 candidates (nearly every pupil) their
-- sum is the 16 best; only the rare pupil with more needs ranking (overfull, below).
per_pupil_sums as (
  select pupil_key, school_unit_code, term,
         -- the grade year of the latest row (recency is unique within a partition)
         max(recency * 10 + grade_year) % 10 as grade_year,
         count(*) as n_grades,
         sum(passed) as n_passed,
         sum(points) - total(case when kind = 5 then points end)
           - case when sum(kind in (1, 2)) = 2 then min(case when kind in (1, 2) then points end) else 0 end as candidate_sum,
         count(*) - sum(kind = 5) - (sum(kind in (1, 2)) = 2) as candidates,
         total(case when kind = 5 then points end) as m2_points,
         -- Which of SV, SVA, EN, MA (kinds 1-4) are passed, as bits: each kind occurs at
         -- most once per pupil, school and term, so the sum of distinct bits is their OR.
         sum(case when passed and kind between 1 and 4 then 1 << kind else 0 end) as core_bits
  from grades group by school_unit_code, term, pupil_key
),
per_pupil as (
  select *,
         core_bits & 6 <> 0 as core_sv,             -- SV or SVA
         core_bits & 8 <> 0 as core_en,
         core_bits & 16 <> 0 as core_ma,
         n_passed - (core_bits >> 1 & 1) - (core_bits >> 2 & 1) - (core_bits >> 3 & 1) - (core_bits >> 4 & 1) as other_passed
  from per_pupil_sums
),
status as (
  select pp.*, p.pupil_id, t.school_year, t.reference_date, p.sex, p.unknown_background, p.birth_date,
         a.school_start_sweden, coalesce(a.arrival_date, a.school_start_sweden) as immigration_date,
         (cast(substr(t.reference_date, 1, 4) as integer) - cast(substr(a.school_start_sweden, 1, 4) as integer))
           - (substr(t.reference_date, 6, 5) < substr(a.school_start_sweden, 6, 5)) as years_since_start,
         (cast(substr(t.reference_date, 1, 4) as integer)
            - cast(substr(coalesce(a.arrival_date, a.school_start_sweden), 1, 4) as integer))
           - (substr(t.reference_date, 6, 5) < substr(coalesce(a.arrival_date, a.school_start_sweden), 6, 5)) as years_since_arrival,
         (cast(substr(p.birth_date, 1, 4) as integer) + 7) || '-'
           || (select value from pipeline_settings where key = 'autumn_term_start') as autumn_start_at_7
  from per_pupil pp
  join term_calendar t using (term)
  join (select pupil_key, pupil_id, pupil_kind, birth_date, sex, unknown_background from pupils
        where pupil_key = identity_key) p using (pupil_key)
  left join pupil_arrivals a using (pupil_key)
),
classified as (
  select s.*,
         coalesce(s.school_start_sweden > s.autumn_start_at_7
                  and s.school_start_sweden <= s.reference_date and s.years_since_start < 4, 0) as newcomer,
         coalesce(s.immigration_date <= s.reference_date and s.years_since_arrival < 4, 0) as newly_immigrated
  from status s
)
select * from classified;

drop table if exists temp.scope_pupil_terms;
create temp table scope_pupil_terms as select * from scope_pupil_term_status;

-- Then the pupils in scope (re-registered, re-linked) in the partitions not in scope:
-- scope_grades is redefined to their rows, found through their rows in pupil_term_facts,
-- and the same computation runs again. (One view over both would be a UNION ALL, which
-- SQLite materializes and sorts: 0.1 s more for one new term.) Empty on a full refresh.
drop view temp.scope_grades;
create temp view scope_grades as
select f.school_unit_code, f.term, g.pupil_key, g.subject, g.grade, g.points, g.grade_year, g.recency, g.kind
from scope_pupils s
join pupil_term_facts f on f.pupil_key = s.pupil_key
cross join grades_in_force g on g.school_unit_code = f.school_unit_code and g.term = f.term and g.pupil_key = f.pupil_key
-- not exists, not a row-value NOT IN: the latter took 0.2 s here for 23k rows, this 5 ms
where not exists (select 1 from scope_grade_partitions x where x.school_unit_code = f.school_unit_code and x.term = f.term);

insert into scope_pupil_terms select * from scope_pupil_term_status;

-- The rare pupil with more than 16 candidates: the sum of the 16 best. The candidates are
-- every grade but M2, SV and SVA counting once (the higher): within the Swedish pair only
-- the first by points stands (the other subjects are each their own pair of one).
drop table if exists temp.scope_overfull;
create temp table scope_overfull (
  pupil_key        integer not null,
  school_unit_code text not null,
  term             text not null,
  best16           real not null,
  primary key (pupil_key, school_unit_code, term)
) without rowid;

insert into scope_overfull
with grades as (
  select g.pupil_key, g.school_unit_code, g.term, g.points,
         row_number() over (partition by g.pupil_key, g.school_unit_code, g.term,
                                         case when g.kind in (1, 2) then 'swedish' else g.subject end
                            order by g.points desc) as within_subject
  from scope_pupil_terms p
  join grades_in_force g using (pupil_key, school_unit_code, term)
  where p.candidates > 16 and g.kind <> 5
),
candidates as (
  select *, row_number() over (partition by pupil_key, school_unit_code, term order by points desc) as rank
  from grades where within_subject = 1
)
select pupil_key, school_unit_code, term, sum(points) as best16
from candidates where rank <= 16
group by pupil_key, school_unit_code, term;

-- Need group of each newcomer at a term: the latest registration with one dated on or
-- before the term's reference date, else the earliest with one; on equal dates the one
-- processed later.
drop table if exists temp.scope_need_groups;
create temp table scope_need_groups (
  pupil_key  integer not null,
  term       text not null,
  need_group integer not null,
  primary key (pupil_key, term)
) without rowid;

insert into scope_need_groups
select pupil_key, term, need_group from (
  select c.pupil_key, c.term, r.need_group,
         row_number() over (
           partition by c.pupil_key, c.term
           order by r.registration_date <= c.reference_date desc,
                    case when r.registration_date <= c.reference_date then r.registration_date end desc,
                    case when r.registration_date > c.reference_date then r.registration_date end asc,
                    r.file_id desc, r.line_number desc) as k
  from (select distinct pupil_key, term, reference_date from scope_pupil_terms where newcomer = 1) c
  join pupil_registrations r on r.pupil_key = c.pupil_key and r.need_group is not null
) where k = 1;

insert into new_pupil_term_facts
select c.pupil_id, c.pupil_key, c.school_unit_code, c.term, c.school_year, c.grade_year, c.sex,
       c.n_grades, c.n_passed,
       coalesce(o.best16, c.candidate_sum) + c.m2_points,
       c.n_passed = c.n_grades,
       c.core_sv and c.core_en and c.core_ma and c.other_passed >= 5,
       c.core_sv and c.core_en and c.core_ma and c.other_passed >= 9,
       c.newcomer,
       c.newly_immigrated,
       c.unknown_background,
       case when c.newcomer then ng.need_group end,
       case when c.newcomer then c.years_since_start end
from scope_pupil_terms c
left join scope_overfull o using (pupil_key, school_unit_code, term)
left join scope_need_groups ng on ng.pupil_key = c.pupil_key and ng.term = c.term;

-- Replaced only now: scope_grades found the scope's pupils' partitions in the old rows.
delete from pupil_term_facts where (school_unit_code, term) in (select school_unit_code, term from scope_grade_partitions);
delete from pupil_term_facts where pupil_key in (select pupil_key from scope_pupils);
insert into pupil_term_facts select * from new_pupil_term_facts;

-- A full refresh recomputes every partition's school results; an incremental one those
-- whose pupil rows differ from before (added, removed or changed).
insert or ignore into scope_partitions
select school_unit_code, term from scope_grade_partitions where (select full from refresh_mode) = 1;

insert or ignore into scope_partitions
select distinct school_unit_code, term from (
  select * from new_pupil_term_facts where (select full from refresh_mode) = 0
  except
  select * from old_pupil_term_facts);

insert or ignore into scope_partitions
select distinct school_unit_code, term from (
  select * from old_pupil_term_facts
  except
  select * from new_pupil_term_facts);

drop table temp.old_pupil_term_facts;
drop table temp.new_pupil_term_facts;
drop table temp.scope_pupil_terms;
drop table temp.scope_overfull;
drop table temp.scope_need_groups;
drop view temp.scope_pupil_term_status;
drop view temp.scope_grades;
