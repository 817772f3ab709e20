-- Results per (school, term, grade year, population, sex), with suppression: fewer than
-- min_pupils counted pupils shows counts but NULL means and shares; a mean merit value
-- needs min_pupils pupils with at least one passed grade behind it.
create table if not exists results_school_term_facts (
  school_unit_code          text not null,
  school_name               text,
  district                  text,
  term                      text not null,
  grade_year                integer not null,
  population                text not null,
  sex                       text not null,
  n_pupils                  integer not null,
  n_pupils_in_mean          integer not null,
  sum_merit_in_mean         real,
  mean_merit_value          real,
  share_eligible_vocational real,
  share_eligible_higher_ed  real,
  share_all_subjects_passed real,
  suppressed                integer not null,
  primary key (term, school_unit_code, grade_year, population, sex)   -- a new term appends
) strict, without rowid;

delete from results_school_term_facts where (school_unit_code, term) in (select school_unit_code, term from scope_partitions);

insert into results_school_term_facts
with settings as (
  select (select value from pipeline_settings where key = 'min_pupils') as min_pupils
),
in_population as (
  select f.*, pop.population
  from scope_partitions s
  cross join pupil_term_facts f on f.school_unit_code = s.school_unit_code and f.term = s.term
  join (select 'all' as population union all select 'excl_newcomers' union all select 'newcomers') pop
    on pop.population = 'all'
    or (pop.population = 'excl_newcomers' and f.is_newly_immigrated = 0 and f.unknown_background = 0)
    or (pop.population = 'newcomers' and f.is_newcomer = 1)
),
by_sex as (
  select *, 'all' as sex_group from in_population
  union all
  select *, sex from in_population where sex is not null
),
aggregated as (
  select school_unit_code, term, grade_year, population, sex_group as sex,
         count(*) as n_pupils,
         sum(n_passed > 0) as n_in_mean,
         sum(case when n_passed > 0 then merit_value end) as sum_merit,
         avg(eligible_vocational) as share_voc,
         avg(eligible_higher_ed) as share_higher,
         avg(all_subjects_passed) as share_all
  from by_sex
  group by school_unit_code, term, grade_year, population, sex_group
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
