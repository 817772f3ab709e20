-- Pupil-term results (warehouse.md, pupil_term_results): one row per counted pupil (at
-- least one grade) per school and term, with the merit value, passes, both eligibilities
-- and the pupil's newcomer status at that term.
--
-- In scope: every pupil of the partitions whose grades were recomputed (040), and every
-- row of the pupils whose registrations changed (030). The new rows are compared with the
-- rows they replace: school results (060) are recomputed only for the partitions whose
-- pupil rows changed (a re-registered newcomer has rows in many partitions; most of them
-- do not change).
delete from pupil_term_facts where (select full from refresh_mode) = 1;

-- Every pupil of a partition whose grades were recomputed; only the re-registered pupils
-- elsewhere (their partitions are read, their rows picked out).
insert into scope_result_partitions select term, school_unit_code, 1 from scope_grade_partitions;

insert or ignore into scope_result_partitions
select distinct f.term, f.school_unit_code, 0 from scope_pupils p join pupil_term_facts f using (pupil_key);

drop table if exists temp.new_pupil_term_facts;
create temp table new_pupil_term_facts as select * from pupil_term_facts where 0;

insert into new_pupil_term_facts
with
-- Passed: A–E (points > 0). The merit value's candidates are every grade but M2 (kind 5),
-- SV and SVA (kinds 1, 2) counting once, the higher. Nearly every pupil has at most 16
-- candidates, whose sum is then the 16 best: one aggregate pass, no ranking (ranking every
-- pupil's grades, the contract's wording taken literally, made this model 15 times slower:
-- docs/performance.md). The rare pupil with more is ranked below (merit).
per_pupil as (
  select s.term, s.school_unit_code, g.pupil_key,
         -- the grade year of the pupil's latest row (recency is unique within a partition)
         max(recency * 10 + grade_year) % 10 as grade_year,
         count(*) as n_grades,
         sum(points > 0) as n_passed,
         count(*) - sum(kind = 5) - (sum(kind in (1, 2)) = 2) as candidates,
         total(case when kind <> 5 then points end)
           - case when sum(kind in (1, 2)) = 2 then min(case when kind in (1, 2) then points end) else 0 end as candidate_sum,
         total(case when kind = 5 then points end) as m2_points,
         max(points > 0 and kind in (1, 2)) as passed_swedish,
         max(points > 0 and kind = 3) as passed_english,
         max(points > 0 and kind = 4) as passed_maths,
         -- other subjects: all but SV, SVA, EN and MA (M1, M2 and ML count)
         sum(points > 0 and kind not between 1 and 4) as passed_others
  -- Read partition by partition and grouped by s's columns in key order: the grade rows
  -- arrive grouped, so SQLite needs no temporary B-tree (a CTE of the joined rows was
  -- copied and sorted whole: docs/performance.md).
  from scope_result_partitions s
  cross join grades_in_force g on g.term = s.term and g.school_unit_code = s.school_unit_code
  where s.every_pupil or g.pupil_key in (select pupil_key from scope_pupils)
  group by s.term, s.school_unit_code, g.pupil_key
),
-- More than 16 candidates (rare): the 16 highest of every grade but M2, SV and SVA, and
-- the higher of SV and SVA (max() of none is NULL, which sum() skips).
merit as (
  select p.*,
         case when p.candidates <= 16 then p.candidate_sum else (
           select sum(points) from (
             select points from (
               select g.points from grades_in_force g
               where g.term = p.term and g.school_unit_code = p.school_unit_code and g.pupil_key = p.pupil_key
                 and g.kind not in (1, 2, 5)
               union all
               select max(g.points) from grades_in_force g
               where g.term = p.term and g.school_unit_code = p.school_unit_code and g.pupil_key = p.pupil_key
                 and g.kind in (1, 2))
             order by points desc limit 16)) end
         + p.m2_points as merit_value
  from per_pupil p
),
status as (
  select m.*, p.pupil_id, p.sex, p.unknown_background, p.birth_year, t.school_year, t.reference_date,
         a.school_start_sweden,
         coalesce(a.arrival_date, a.school_start_sweden) as immigration_date,
         s.autumn_term_start
  from merit m
  join term_calendar t using (term)
  join pupils p on p.identity_key = m.pupil_key
  left join pupil_arrivals a using (pupil_key)
  cross join settings s
),
-- Whole years from X to R: R.year − X.year, minus 1 if (month, day) of R is before X's.
years as (
  select *,
         cast(substr(reference_date, 1, 4) as integer) - cast(substr(school_start_sweden, 1, 4) as integer)
           - (substr(reference_date, 6, 5) < substr(school_start_sweden, 6, 5)) as years_since_start,
         cast(substr(reference_date, 1, 4) as integer) - cast(substr(immigration_date, 1, 4) as integer)
           - (substr(reference_date, 6, 5) < substr(immigration_date, 6, 5)) as years_since_arrival
  from status
),
-- Newcomer: school start in Sweden after the autumn term start of the year the pupil
-- turns 7, and within 4 years before the reference date. Newly immigrated: arrival (else
-- school start) within 4 years before it.
classified as (
  select *,
         coalesce(school_start_sweden > (birth_year + 7) || '-' || autumn_term_start
                  and school_start_sweden <= reference_date and years_since_start < 4, 0) as newcomer,
         coalesce(immigration_date <= reference_date and years_since_arrival < 4, 0) as newly_immigrated
  from years
),
final as (
  select c.pupil_id, c.pupil_key, c.school_unit_code, c.term, c.school_year, c.grade_year, c.sex,
         c.n_grades, c.n_passed, c.merit_value,
         c.n_passed = c.n_grades as all_subjects_passed,
         c.passed_swedish and c.passed_english and c.passed_maths and c.passed_others >= 5 as eligible_vocational,
         c.passed_swedish and c.passed_english and c.passed_maths and c.passed_others >= 9 as eligible_higher_ed,
         c.newcomer as is_newcomer,
         c.newly_immigrated as is_newly_immigrated,
         c.unknown_background,
         -- Need group: that of the latest registration with one dated on or before the
         -- reference date, else of the earliest with one; on equal dates the one processed
         -- later. Looked up per newcomer (pupil_registrations is keyed by pupil).
         case when c.newcomer then coalesce(
           (select r.need_group from pupil_registrations r
            where r.pupil_key = c.pupil_key and r.need_group is not null and r.registration_date <= c.reference_date
            order by r.registration_date desc, r.file_id desc, r.line_number desc limit 1),
           (select r.need_group from pupil_registrations r
            where r.pupil_key = c.pupil_key and r.need_group is not null
            order by r.registration_date asc, r.file_id desc, r.line_number desc limit 1)) end as need_group,
         case when c.newcomer then c.years_since_start end as years_in_swedish_school
  from classified c
)
select * from final;

-- The rows in scope before, for the comparison below.
drop table if exists temp.old_pupil_term_facts;
create temp table old_pupil_term_facts as
select f.* from scope_grade_partitions s
cross join pupil_term_facts f on f.term = s.term and f.school_unit_code = s.school_unit_code
union
select f.* from scope_pupils p join pupil_term_facts f using (pupil_key);

delete from pupil_term_facts where (school_unit_code, term) in (select school_unit_code, term from scope_grade_partitions);
delete from pupil_term_facts where pupil_key in (select pupil_key from scope_pupils);
insert into pupil_term_facts select * from new_pupil_term_facts;

-- School results (060) are recomputed for every partition on a full refresh, else for
-- those whose pupil rows differ from before (added, removed or changed).
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
