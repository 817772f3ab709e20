-- What the publication covers: its terms and schools, and the run it was published from.
select (select group_concat(term, ', ') from (select term from terms order by sort_key)) as terms,
       (select count(distinct school_unit_code) from results_school_term) as schools,
       (select count(*) from results_school_term where suppressed = 1) as suppressed_rows,
       (select count(*) from results_school_term) as result_rows,
       p.source_run_id, p.source_finished_at, p.published_at, p.tier
from publication p
