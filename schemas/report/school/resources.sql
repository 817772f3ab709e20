-- The money the school was given, year by year, and how its results stood against its intake.
select school_year, n_pupils_allocated, socioeconomic_supplement_kr, supplement_per_pupil_kr, nyanlandpeng_kr,
       residual, residual_change_vs_prev_year
from funding_and_results
where school_unit_code = ?1
order by school_year
