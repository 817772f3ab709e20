-- Every school with results, its latest name and district.
select r.school_unit_code, r.school_name, r.district
from results_school_term r join terms t using (term)
where r.sex = 'all' and r.population = 'all'
group by r.school_unit_code
having t.sort_key = max(t.sort_key)
order by r.school_name, r.school_unit_code
