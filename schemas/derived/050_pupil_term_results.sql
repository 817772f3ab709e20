-- Pupil-term results (docs/views.md, pupil_term_results): one row per counted pupil (at
-- least one grade) per school and term, with the merit value, passes, both eligibilities
-- and the pupil's newcomer status at that term.
--
-- In scope: every pupil of the partitions whose grades were recomputed (040), and every
-- row of the pupils whose registrations changed (030). The new rows are compared with the
-- rows they replace: school results (060) are recomputed only for the partitions whose
-- pupil rows changed (a re-registered newcomer has rows in many partitions; most of them
-- do not change).
delete from pupil_term_facts where term >= (select every_text from refresh_wipe);   -- a full refresh: every row (000)

-- Every pupil of a partition whose grades were recomputed; only the re-registered pupils
-- elsewhere (their partitions are read, their rows picked out).
insert into scope_result_partitions select term, school_unit_code, 1 from scope_grade_partitions;

insert or ignore into scope_result_partitions
select distinct f.term, f.school_unit_code, 0 from scope_pupils p cross join pupil_term_facts f using (pupil_key);   -- the pupils drive

drop table if exists temp.new_pupil_term_facts;
create temp table new_pupil_term_facts as select * from pupil_term_facts where 0;

insert into new_pupil_term_facts
with
-- The pupil's grade measures (040), read partition by partition in key order.
merit as (
  select s.term, s.school_unit_code, g.pupil_key, g.grade_year, g.n_grades, g.n_passed, g.merit_value,
         g.passed_swedish, g.passed_english, g.passed_maths, g.passed_others
  from scope_result_partitions s
  cross join pupil_grade_facts g on g.term = s.term and g.school_unit_code = s.school_unit_code
  where s.every_pupil or g.pupil_key in (select pupil_key from scope_pupils)
),
status as (
  select m.*, p.pupil_id, p.sex, p.unknown_background, p.birth_year, t.school_year, t.reference_date,
         a.school_start_sweden,
         coalesce(a.arrival_date, a.school_start_sweden) as immigration_date,
         s.autumn_term_start, s.newcomer_years
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
-- turns 7, and within newcomer_years (settings: 4) years before the reference date. Newly
-- immigrated: arrival (else school start) within as many years before it.
classified as (
  select *,
         coalesce(school_start_sweden > (birth_year + 7) || '-' || autumn_term_start
                  and school_start_sweden <= reference_date and years_since_start < newcomer_years, 0) as newcomer,
         coalesce(immigration_date <= reference_date and years_since_arrival < newcomer_years, 0) as newly_immigrated
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

-- The rows in scope before, for the comparison below (a row in both halves may come
-- twice: the comparison is by EXCEPT, which compares sets, so no sort to remove it).
drop table if exists temp.old_pupil_term_facts;
create temp table old_pupil_term_facts as
select f.* from scope_grade_partitions s
cross join pupil_term_facts f on f.term = s.term and f.school_unit_code = s.school_unit_code
union all
select f.* from scope_pupils p cross join pupil_term_facts f on f.pupil_key = p.pupil_key;

delete from pupil_term_facts where (school_unit_code, term) in (select school_unit_code, term from scope_grade_partitions);
delete from pupil_term_facts where pupil_key in (select pupil_key from scope_pupils);
insert into pupil_term_facts select * from new_pupil_term_facts;

-- School results (060) are recomputed for every partition on a full refresh (000 put
-- them in scope), else for those whose pupil rows differ from before (added, removed or
-- changed). A partition with no rows before (a new term's) has changed without a
-- comparison; only the partitions that had rows are compared row by row.
drop table if exists temp.old_partitions;
create temp table old_partitions (
  term             text not null,
  school_unit_code text not null,
  primary key (term, school_unit_code)
) without rowid;

insert or ignore into old_partitions select term, school_unit_code from old_pupil_term_facts;

insert or ignore into scope_partitions
select distinct n.school_unit_code, n.term from new_pupil_term_facts n
where (select full from refresh_mode) = 0
  and not exists (select 1 from old_partitions o where o.term = n.term and o.school_unit_code = n.school_unit_code);

insert or ignore into scope_partitions
select distinct school_unit_code, term from (
  select * from new_pupil_term_facts
  where (select full from refresh_mode) = 0
    and (term, school_unit_code) in (select term, school_unit_code from old_partitions)
  except
  select * from old_pupil_term_facts);

insert or ignore into scope_partitions
select distinct school_unit_code, term from (
  select * from old_pupil_term_facts
  except
  select * from new_pupil_term_facts);
