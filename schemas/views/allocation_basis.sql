-- publish: internal microdata
-- grain: school_unit_code school_year need_group?
drop view if exists allocation_basis;
create view allocation_basis as
select school_unit_code, school_name, school_year, count_date, need_group, n_newcomers, amount_per_pupil_kr, computed_kr
from allocation_basis_facts;
