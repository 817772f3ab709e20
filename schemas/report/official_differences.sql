-- For the steward: schools whose own mean differs from Skolverket's by more than 2 merit
-- points (a data-quality question: other pupils counted, a late grade file).
select school_year, school_unit_code, school_name, mean_merit_value, warehouse_mean_merit_value, difference
from official_school_results
where abs(difference) > 2
order by school_year desc, abs(difference) desc, school_unit_code
