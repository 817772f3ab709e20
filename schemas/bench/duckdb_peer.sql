-- The peer an analyst would pick instead of Likvärd (issue: performance): the headline job
-- in DuckDB's SQL, as a dbt-duckdb project would write it, on the same gzip exports into a
-- persistent .duckdb file — grades in force by latest date, merit value per pupil and
-- term (16 best + modern language), school means, nearest-rank p10/median/p90 per term and
-- grade year. No validation, no pseudonymisation, no audit. {files} is the list of files.
set enable_progress_bar = false;   -- a bench log, not a terminal

create or replace table grades as
select * from read_csv({files}, delim = ';', header = true, quote = '"',
                       columns = {'personnummer': 'VARCHAR', 'skolenhetskod': 'VARCHAR', 'arskurs': 'INTEGER',
                                  'termin': 'VARCHAR', 'amne': 'VARCHAR', 'betyg': 'VARCHAR', 'betygsdatum': 'DATE',
                                  'larare': 'VARCHAR'});

create or replace table grades_in_force as
select personnummer, skolenhetskod, termin, amne,
       arg_max(betyg, betygsdatum) as betyg, arg_max(arskurs, betygsdatum) as arskurs
from grades
group by all;

create or replace table pupil_term as
with points as (
  select *, case betyg when 'A' then 20 when 'B' then 17.5 when 'C' then 15 when 'D' then 12.5 when 'E' then 10 else 0 end as p
  from grades_in_force
),
ranked as (
  select *, row_number() over (partition by personnummer, skolenhetskod, termin order by amne = 'M2', p desc) as r
  from points
)
select personnummer, skolenhetskod, termin, max(arskurs) as arskurs,
       sum(case when amne <> 'M2' and r <= 16 then p else 0 end) + sum(case when amne = 'M2' then p else 0 end) as merit
from ranked
group by all;

create or replace table school_means as
select skolenhetskod, termin, arskurs, count(*) as n, avg(merit) as m
from pupil_term
group by all;

create or replace table school_disparity as
select termin, arskurs, count(*) as n_schools,
       list(m order by m)[cast(ceil(10 * count(*) / 100.0) as integer)] as p10,
       list(m order by m)[cast(ceil(50 * count(*) / 100.0) as integer)] as median,
       list(m order by m)[cast(ceil(90 * count(*) / 100.0) as integer)] as p90
from school_means
where n >= 10
group by all;
