-- Results per (school, term, grade year, population, sex), for the partitions whose pupil
-- rows changed (050), with suppression: fewer than min_pupils counted pupils shows counts
-- but NULL means and shares; a mean merit value needs min_pupils pupils with at least one
-- passed grade behind it.
delete from results_school_term_facts where (select full from refresh_mode) = 1;

delete from results_school_term_facts where (school_unit_code, term) in (select school_unit_code, term from scope_partitions);

insert into results_school_term_facts
with in_scope as (
  select f.*, f.is_newly_immigrated = 0 and f.unknown_background = 0 as excl
  from scope_partitions s
  cross join pupil_term_facts f on f.school_unit_code = s.school_unit_code and f.term = s.term
),
by_sex as (
  select *, 'all' as sex_group from in_scope
  union all
  select *, sex from in_scope where sex is not null
),
-- The three populations' sums in one pass, rather than each pupil row copied once per
-- population: all; excl_newcomers (not newly immigrated, background known); newcomers.
sums as (
  select school_unit_code, term, grade_year, sex_group as sex,
         count(*) as n_all,
         sum(n_passed > 0) as in_all,
         sum(case when n_passed > 0 then merit_value end) as merit_all,
         sum(eligible_vocational) as voc_all,
         sum(eligible_higher_ed) as higher_all,
         sum(all_subjects_passed) as passed_all,
         sum(excl) as n_excl,
         sum(excl and n_passed > 0) as in_excl,
         sum(case when excl and n_passed > 0 then merit_value end) as merit_excl,
         sum(excl and eligible_vocational) as voc_excl,
         sum(excl and eligible_higher_ed) as higher_excl,
         sum(excl and all_subjects_passed) as passed_excl,
         sum(is_newcomer) as n_new,
         sum(is_newcomer and n_passed > 0) as in_new,
         sum(case when is_newcomer and n_passed > 0 then merit_value end) as merit_new,
         sum(is_newcomer and eligible_vocational) as voc_new,
         sum(is_newcomer and eligible_higher_ed) as higher_new,
         sum(is_newcomer and all_subjects_passed) as passed_new
  from by_sex
  group by school_unit_code, term, grade_year, sex_group
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
