-- Whether the socio-economic supplement goes with better results than intake predicts:
-- each allocation (current_resources, 105) beside the school's residual from expected
-- results (085) in the VT term of that school year, grade year 9, population all, and its
-- change from the year before; with the newcomer allocation the warehouse computes (110).
-- Small: rebuilt whole.
drop table if exists funding_and_results_facts;
create table funding_and_results_facts (
  school_unit_code             text not null,
  school_name                  text,
  school_year                  text not null,
  n_pupils_allocated           integer not null,
  socioeconomic_supplement_kr  integer not null,
  supplement_per_pupil_kr      real not null,
  nyanlandpeng_kr              integer not null,
  computed_nyanlandpeng_kr     integer,
  socioeconomic_index          real,
  mean_merit_value             real,
  expected_merit_value         real,
  residual                     real,
  residual_change_vs_prev_year real,
  primary key (school_unit_code, school_year)
) strict, without rowid;

insert into funding_and_results_facts
with allocations as (
  select r.*, cast(substr(r.school_year, 1, 4) as integer) + 1 as vt_year,
         (cast(substr(r.school_year, 1, 4) as integer) + 1) || '-' || s.reference_date_vt as vt_reference_date
  from current_resources r cross join settings s
),
-- the allocation the warehouse computes: NULL when it has none, or any group has no amount
computed as (
  select school_unit_code, school_year,
         case when count(computed_kr) = count(*) then sum(computed_kr) end as computed_kr
  from allocation_basis_facts group by school_unit_code, school_year
),
expected as (
  select school_unit_code, cast(substr(term, 3, 4) as integer) as vt_year, mean_merit_value, expected_merit_value, residual
  from school_expected_results_facts
  where substr(term, 1, 2) = 'VT' and grade_year = 9 and population = 'all'
)
select a.school_unit_code, v.school_name, a.school_year, a.n_pupils_allocated, a.socioeconomic_supplement_kr,
       a.socioeconomic_supplement_kr * 1.0 / a.n_pupils_allocated, a.nyanlandpeng_kr, c.computed_kr,
       v.socioeconomic_index, e.mean_merit_value, e.expected_merit_value, e.residual, e.residual - p.residual
from allocations a
left join school_version_spans v on v.school_unit_code = a.school_unit_code
 and a.vt_reference_date >= v.shown_from and (v.valid_to is null or a.vt_reference_date < v.valid_to)
left join computed c on c.school_unit_code = a.school_unit_code and c.school_year = a.school_year
left join expected e on e.school_unit_code = a.school_unit_code and e.vt_year = a.vt_year
left join expected p on p.school_unit_code = a.school_unit_code and p.vt_year = a.vt_year - 1;
