-- What the data covers: terms, files, rows, rejects, and when the warehouse was loaded.
select (select group_concat(term, ', ') from (select term from terms order by sort_key)) as terms,
       (select count(*) from etl_files where status = 'loaded') as files_loaded,
       (select count(*) from etl_files where status = 'quarantined') as files_quarantined,
       (select count(*) from etl_files where status in ('skipped_duplicate', 'ignored')) as files_other,
       (select coalesce(sum(rows_loaded), 0) from etl_files) as rows_loaded,
       (select count(*) from etl_rejects) as rows_rejected,
       (select max(finished_at) from etl_runs where status in ('succeeded', 'partial')) as last_loaded,
       (select value from warehouse_meta where key = 'refreshed_at') as refreshed_at,
       (select count(distinct school_unit_code) from school_versions) as schools
