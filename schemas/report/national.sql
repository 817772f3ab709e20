-- The city's school means beside Sweden's and the municipality's official ones, latest
-- school year first.
select school_year, scope, n_schools, n_pupils, p10_school_mean, median_school_mean, p90_school_mean, gap_p90_p10
from national_comparison
order by school_year desc, case scope when 'warehouse' then 0 when 'municipality' then 1 else 2 end
