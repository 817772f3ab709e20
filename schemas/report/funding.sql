-- Supplement per pupil against the residual from expected results: the latest school year
-- with both.
with latest as (
  select max(school_year) as school_year from funding_and_results where residual is not null
)
select f.school_unit_code, f.school_name, f.school_year, f.supplement_per_pupil_kr, f.socioeconomic_supplement_kr,
       f.n_pupils_allocated, f.residual, f.residual_change_vs_prev_year
from funding_and_results f join latest using (school_year)
where f.residual is not null
order by f.supplement_per_pupil_kr, f.school_unit_code
