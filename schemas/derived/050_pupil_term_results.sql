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

insert or ignore into scope_pupil_keys
select g.term, g.school_unit_code, g.pupil_key
from scope_grade_partitions s
cross join grades_in_force g on g.term = s.term and g.school_unit_code = s.school_unit_code;

insert or ignore into scope_pupil_keys
select f.term, f.school_unit_code, f.pupil_key from scope_pupils p join pupil_term_facts f using (pupil_key);

drop table if exists temp.new_pupil_term_facts;
create temp table new_pupil_term_facts as select * from pupil_term_facts where 0;

insert into new_pupil_term_facts
with source as (
  select g.*
  from scope_pupil_keys s
  cross join grades_in_force g
    on g.term = s.term and g.school_unit_code = s.school_unit_code and g.pupil_key = s.pupil_key
),
-- Passed: A–E. Candidates for the merit value: every grade but M2 (kind 5), SV and SVA
-- (kinds 1, 2) counting once — the higher of the two.
graded as (
  select *,
         points > 0 as passed,
         kind <> 5 and row_number() over (
           partition by term, school_unit_code, pupil_key, case when kind in (1, 2) then 'SV/SVA' else subject end
           order by points desc) = 1 as candidate
  from source
),
-- The candidates ranked by points: the 16 best count.
ranked as (
  select *,
         row_number() over (partition by term, school_unit_code, pupil_key order by candidate desc, points desc) as candidate_rank
  from graded
),
per_pupil as (
  select term, school_unit_code, pupil_key,
         -- the grade year of the pupil's latest row (recency is unique within a partition)
         max(recency * 10 + grade_year) % 10 as grade_year,
         count(*) as n_grades,
         sum(passed) as n_passed,
         total(case when candidate and candidate_rank <= 16 then points end)
           + total(case when kind = 5 then points end) as merit_value,
         max(passed and kind in (1, 2)) as passed_swedish,
         max(passed and kind = 3) as passed_english,
         max(passed and kind = 4) as passed_maths,
         -- other subjects: all but SV, SVA, EN and MA (M1, M2 and ML count)
         sum(passed and kind not between 1 and 4) as passed_others
  from ranked
  group by term, school_unit_code, pupil_key
),
status as (
  select pp.*, p.pupil_id, p.sex, p.unknown_background, p.birth_date, t.school_year, t.reference_date,
         a.school_start_sweden,
         coalesce(a.arrival_date, a.school_start_sweden) as immigration_date,
         s.autumn_term_start
  from per_pupil pp
  join term_calendar t using (term)
  join pupils p on p.identity_key = pp.pupil_key
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
         coalesce(school_start_sweden > (cast(substr(birth_date, 1, 4) as integer) + 7) || '-' || autumn_term_start
                  and school_start_sweden <= reference_date and years_since_start < 4, 0) as newcomer,
         coalesce(immigration_date <= reference_date and years_since_arrival < 4, 0) as newly_immigrated
  from years
),
-- Need group of each newcomer at a term: the latest registration with one dated on or
-- before the term's reference date, else the earliest with one; on equal dates the one
-- processed later.
need_groups as (
  select pupil_key, term, need_group from (
    select c.pupil_key, c.term, r.need_group,
           row_number() over (
             partition by c.pupil_key, c.term
             order by r.registration_date <= c.reference_date desc,
                      case when r.registration_date <= c.reference_date then r.registration_date end desc,
                      case when r.registration_date > c.reference_date then r.registration_date end asc,
                      r.file_id desc, r.line_number desc) as k
    from (select distinct pupil_key, term, reference_date from classified where newcomer = 1) c
    join pupil_registrations r on r.pupil_key = c.pupil_key and r.need_group is not null
  ) where k = 1
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
         case when c.newcomer then ng.need_group end as need_group,
         case when c.newcomer then c.years_since_start end as years_in_swedish_school
  from classified c
  left join need_groups ng on ng.pupil_key = c.pupil_key and ng.term = c.term
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
  select * from new_pupil_term_facts
  except
  select * from old_pupil_term_facts);

insert or ignore into scope_partitions
select distinct school_unit_code, term from (
  select * from old_pupil_term_facts
  except
  select * from new_pupil_term_facts);
