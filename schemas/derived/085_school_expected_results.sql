-- Expected results given each school's intake, like Skolverket's SALSA: per (term, grade
-- year, population), a weighted least-squares fit of the qualifying schools' mean merit
-- values on an intercept and three covariates — the register's socio-economic index, the
-- share of newcomers and the share of boys among the counted pupils — weighted by the
-- pupils behind each mean. Only where at least min_schools_expected (settings: 20) schools
-- qualify. Recomputed for the
-- terms whose school results changed (scope_partitions, 050; every term on a full
-- refresh): a fit reads its own term only, so unlike disparity it needs no year after.
--
-- The solve, in SQL: with every covariate centred on its weighted mean the intercept falls
-- out, leaving the 3×3 normal equations S·β = c, solved by Cramer's rule. A covariate with
-- no variance over the schools (min = max, exactly: e.g. share_newcomers in
-- excl_newcomers) is left out by giving it an identity row and column (its β is 0). A
-- system that is still singular (collinear covariates) gives no rows.
delete from school_expected_results_facts where term >= (select every_text from refresh_wipe);   -- a full refresh: every row (000)
insert or ignore into scope_expected_terms select distinct term from scope_partitions;

delete from school_expected_results_facts where term in (select term from scope_expected_terms);

insert into school_expected_results_facts
with qualifying as (
  select r.school_unit_code, r.school_name, r.term, r.grade_year, r.population,
         r.n_pupils_in_mean as w, r.mean_merit_value as y, n.socioeconomic_index as x1
  from results_school_term_facts r
  join school_term_names n using (school_unit_code, term)
  where r.term in (select term from scope_expected_terms)
    and r.sex = 'all' and r.mean_merit_value is not null and r.n_pupils >= (select min_pupils from settings)
    and n.socioeconomic_index is not null
),
-- The intake covariates over the population's counted pupils: each school's counts for
-- the three populations in one pass over its pupil rows (grouped once, not once per
-- population), then the qualifying population's share.
intake_counts as (
  select f.term, f.school_unit_code, f.grade_year,
         count(*) as n_all, sum(f.is_newcomer) as new_all,
         sum(f.sex = 'male') as male_all, sum(f.sex is not null) as sexed_all,
         sum(f.excl) as n_excl, sum(f.excl and f.is_newcomer) as new_excl,
         sum(f.excl and f.sex = 'male') as male_excl, sum(f.excl and f.sex is not null) as sexed_excl,
         sum(f.is_newcomer) as n_new,
         sum(f.is_newcomer and f.sex = 'male') as male_new, sum(f.is_newcomer and f.sex is not null) as sexed_new
  from scope_expected_terms t
  cross join (select *, is_newly_immigrated = 0 and unknown_background = 0 as excl from pupil_term_facts) f
    on f.term = t.term
  group by f.term, f.school_unit_code, f.grade_year
),
intake as (
  select q.school_unit_code, q.term, q.grade_year, q.population,
         case q.population when 'all' then i.new_all * 1.0 / i.n_all
                           when 'excl_newcomers' then i.new_excl * 1.0 / i.n_excl
                           else 1.0 end as x2,
         case q.population when 'all' then i.male_all * 1.0 / nullif(i.sexed_all, 0)
                           when 'excl_newcomers' then i.male_excl * 1.0 / nullif(i.sexed_excl, 0)
                           else i.male_new * 1.0 / nullif(i.sexed_new, 0) end as x3
  from qualifying q
  join intake_counts i using (term, school_unit_code, grade_year)
  -- a population without a counted pupil has no intake (it cannot qualify anyway)
  where case q.population when 'all' then i.n_all when 'excl_newcomers' then i.n_excl else i.n_new end > 0
),
schools as (
  select q.*, i.x2, i.x3
  from qualifying q join intake i using (school_unit_code, term, grade_year, population)
  where i.x3 is not null            -- no pupil of known sex: the school does not qualify
),
fits as (
  select term, grade_year, population, count(*) as k, sum(w) as sw,
         sum(w * y) / sum(w) as my, sum(w * x1) / sum(w) as m1, sum(w * x2) / sum(w) as m2, sum(w * x3) / sum(w) as m3,
         min(x1) < max(x1) as v1, min(x2) < max(x2) as v2, min(x3) < max(x3) as v3
  from schools
  group by term, grade_year, population
  having count(*) >= (select min_schools_expected from settings)
),
moments as (
  select f.term, f.grade_year, f.population,
         sum(s.w * (s.x1 - f.m1) * (s.x1 - f.m1)) as s11, sum(s.w * (s.x1 - f.m1) * (s.x2 - f.m2)) as s12,
         sum(s.w * (s.x1 - f.m1) * (s.x3 - f.m3)) as s13, sum(s.w * (s.x2 - f.m2) * (s.x2 - f.m2)) as s22,
         sum(s.w * (s.x2 - f.m2) * (s.x3 - f.m3)) as s23, sum(s.w * (s.x3 - f.m3) * (s.x3 - f.m3)) as s33,
         sum(s.w * (s.x1 - f.m1) * (s.y - f.my)) as s1y, sum(s.w * (s.x2 - f.m2) * (s.y - f.my)) as s2y,
         sum(s.w * (s.x3 - f.m3) * (s.y - f.my)) as s3y, sum(s.w * (s.y - f.my) * (s.y - f.my)) as syy
  from schools s join fits f using (term, grade_year, population)
  group by f.term, f.grade_year, f.population
),
-- A left-out covariate: identity row and column, right-hand side 0.
normal_equations as (
  select f.*, m.syy,
         case when v1 then s11 else 1 end as a11, case when v1 and v2 then s12 else 0 end as a12,
         case when v1 and v3 then s13 else 0 end as a13, case when v2 then s22 else 1 end as a22,
         case when v2 and v3 then s23 else 0 end as a23, case when v3 then s33 else 1 end as a33,
         case when v1 then s1y else 0 end as b1, case when v2 then s2y else 0 end as b2,
         case when v3 then s3y else 0 end as b3
  from fits f join moments m using (term, grade_year, population)
),
determinants as (
  select *, a11 * (a22 * a33 - a23 * a23) - a12 * (a12 * a33 - a23 * a13) + a13 * (a12 * a23 - a22 * a13) as det
  from normal_equations
),
coefficients as (
  select *,
         (b1 * (a22 * a33 - a23 * a23) - a12 * (b2 * a33 - a23 * b3) + a13 * (b2 * a23 - a22 * b3)) / det as beta1,
         (a11 * (b2 * a33 - a23 * b3) - b1 * (a12 * a33 - a23 * a13) + a13 * (a12 * b3 - b2 * a13)) / det as beta2,
         (a11 * (a22 * b3 - b2 * a23) - a12 * (a12 * b3 - b2 * a13) + b1 * (a12 * a23 - a22 * a13)) / det as beta3
  from determinants
  -- singular, relative to the diagonal's scale
  where abs(det) > 1e-12 * abs(a11 * a22 * a33)
),
predicted as (
  select s.*, c.k, c.sw, c.syy,
         c.my + c.beta1 * (s.x1 - c.m1) + c.beta2 * (s.x2 - c.m2) + c.beta3 * (s.x3 - c.m3) as expected
  -- the schools outer (cross join fixes the order), their fit looked up
  from schools s cross join coefficients c on c.term = s.term and c.grade_year = s.grade_year and c.population = s.population
),
residuals as (
  select *, y - expected as r from predicted
),
spread as (
  select term, grade_year, population, sqrt(sum(w * r * r) / sum(w)) as sd, sum(w * r * r) as ss_residual
  from residuals group by term, grade_year, population
)
select r.school_unit_code, r.school_name, r.term, r.grade_year, r.population, r.w, r.y, r.x1, r.x2, r.x3,
       r.expected, r.r, s.sd,
       case when s.sd > 0 then r.r / s.sd end,
       coalesce(s.sd > 0 and r.r / s.sd <= -1, 0),
       r.k,
       case when r.syy > 0 then 1 - s.ss_residual / r.syy end
from residuals r join spread s using (term, grade_year, population);
