-- The city as a whole per (term, grade year, population, sex): every pupil-term row of the
-- term and grade year, whichever school — a pupil counted at two schools counts at both, so
-- a city row is the sum of its school rows. Populations, sexes and suppression as in
-- results_school_term (060). Recomputed for the terms whose school results changed
-- (scope_partitions, 050; every term on a full refresh).
drop table if exists temp.scope_city_terms;
create temp table scope_city_terms (term text primary key) without rowid;
insert or ignore into scope_city_terms select distinct term from scope_partitions;

delete from results_city_term_facts where term >= (select every_text from refresh_wipe);   -- a full refresh: every row (000)
delete from results_city_term_facts where term in (select term from scope_city_terms);

insert into results_city_term_facts
with
-- Each pupil row once per population it belongs to.
members as (
  select f.term, f.grade_year, f.sex, p.population, f.n_passed, f.merit_value,
         f.eligible_vocational, f.eligible_higher_ed, f.all_subjects_passed
  from scope_city_terms t
  cross join pupil_term_facts f on f.term = t.term
  join (select 'all' as population union all select 'excl_newcomers' union all select 'newcomers') p
    on p.population = 'all'
    or (p.population = 'excl_newcomers' and f.is_newly_immigrated = 0 and f.unknown_background = 0)
    or (p.population = 'newcomers' and f.is_newcomer = 1)
),
-- Per sex, then sex 'all' as the sum of the sexes and the pupils of unknown sex.
per_sex as (
  select term, grade_year, population, sex, count(*) as n, sum(n_passed > 0) as in_mean,
         sum(case when n_passed > 0 then merit_value end) as merit, sum(eligible_vocational) as voc,
         sum(eligible_higher_ed) as higher, sum(all_subjects_passed) as passed
  from members group by term, grade_year, population, sex
),
sums as (
  select * from per_sex where sex is not null
  union all
  select term, grade_year, population, 'all', sum(n), sum(in_mean), sum(merit), sum(voc), sum(higher), sum(passed)
  from per_sex group by term, grade_year, population
)
select u.term, u.grade_year, u.population, u.sex, u.n, u.in_mean, u.merit,
       case when u.n >= s.min_pupils and u.in_mean >= s.min_pupils then u.merit / u.in_mean end,
       case when u.n >= s.min_pupils then u.voc * 1.0 / u.n end,
       case when u.n >= s.min_pupils then u.higher * 1.0 / u.n end,
       case when u.n >= s.min_pupils then u.passed * 1.0 / u.n end,
       u.n < s.min_pupils
from sums u cross join settings s;
