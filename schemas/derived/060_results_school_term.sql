-- Results per (school, term, grade year, population, sex), for the partitions whose pupil
-- rows changed (050), with suppression: fewer than min_pupils counted pupils shows counts
-- but NULL means and shares; a mean merit value needs min_pupils pupils with at least one
-- passed grade behind it.
delete from results_school_term_facts where term >= (select every_text from refresh_wipe);   -- a full refresh: every row (000)

delete from results_school_term_facts where (school_unit_code, term) in (select school_unit_code, term from scope_partitions);

insert into results_school_term_facts
with
-- The three populations' sums in one pass over the pupil rows, per sex (NULL included):
-- all; excl_newcomers (not newly immigrated, background known); newcomers. The row of
-- sex 'all' then adds the sexes' sums (merit values are multiples of 2.5, so the sums are
-- exact in any order), rather than every pupil row being copied once per sex group.
per_sex as (
  select f.school_unit_code, f.term, f.grade_year, f.sex,
         count(*) as n_all,
         sum(f.n_passed > 0) as in_all,
         sum(case when f.n_passed > 0 then f.merit_value end) as merit_all,
         sum(f.eligible_vocational) as voc_all,
         sum(f.eligible_higher_ed) as higher_all,
         sum(f.all_subjects_passed) as passed_all,
         sum(excl) as n_excl,
         sum(excl and f.n_passed > 0) as in_excl,
         sum(case when excl and f.n_passed > 0 then f.merit_value end) as merit_excl,
         sum(excl and f.eligible_vocational) as voc_excl,
         sum(excl and f.eligible_higher_ed) as higher_excl,
         sum(excl and f.all_subjects_passed) as passed_excl,
         sum(f.is_newcomer) as n_new,
         sum(f.is_newcomer and f.n_passed > 0) as in_new,
         sum(case when f.is_newcomer and f.n_passed > 0 then f.merit_value end) as merit_new,
         sum(f.is_newcomer and f.eligible_vocational) as voc_new,
         sum(f.is_newcomer and f.eligible_higher_ed) as higher_new,
         sum(f.is_newcomer and f.all_subjects_passed) as passed_new
  from scope_partitions s
  cross join (select *, is_newly_immigrated = 0 and unknown_background = 0 as excl from pupil_term_facts) f
    on f.school_unit_code = s.school_unit_code and f.term = s.term
  group by f.term, f.school_unit_code, f.grade_year, f.sex
),
sums as (
  select * from per_sex where sex is not null
  union all
  select school_unit_code, term, grade_year, 'all',
         sum(n_all), sum(in_all), sum(merit_all), sum(voc_all), sum(higher_all), sum(passed_all),
         sum(n_excl), sum(in_excl), sum(merit_excl), sum(voc_excl), sum(higher_excl), sum(passed_excl),
         sum(n_new), sum(in_new), sum(merit_new), sum(voc_new), sum(higher_new), sum(passed_new)
  from per_sex
  group by term, school_unit_code, grade_year
),
aggregated as (
  select school_unit_code, term, grade_year, 'all' as population, sex,
         n_all as n_pupils, in_all as n_in_mean, merit_all as sum_merit,
         voc_all * 1.0 / n_all as share_voc, higher_all * 1.0 / n_all as share_higher,
         passed_all * 1.0 / n_all as share_all
  from sums
  union all
  select school_unit_code, term, grade_year, 'excl_newcomers', sex,
         n_excl, in_excl, merit_excl,
         voc_excl * 1.0 / n_excl, higher_excl * 1.0 / n_excl, passed_excl * 1.0 / n_excl
  from sums where n_excl > 0
  union all
  select school_unit_code, term, grade_year, 'newcomers', sex,
         n_new, in_new, merit_new,
         voc_new * 1.0 / n_new, higher_new * 1.0 / n_new, passed_new * 1.0 / n_new
  from sums where n_new > 0
)
select a.school_unit_code, n.school_name, n.district, a.term, a.grade_year, a.population, a.sex,
       a.n_pupils, a.n_in_mean, a.sum_merit,
       case when a.n_pupils >= s.min_pupils and a.n_in_mean >= s.min_pupils then a.sum_merit / a.n_in_mean end,
       case when a.n_pupils >= s.min_pupils then a.share_voc end,
       case when a.n_pupils >= s.min_pupils then a.share_higher end,
       case when a.n_pupils >= s.min_pupils then a.share_all end,
       a.n_pupils < s.min_pupils
from aggregated a
cross join settings s
left join school_term_names n using (school_unit_code, term);
