-- Term calendar helpers: every term that has grades or survey responses, with its school
-- year, season and reference date (pipeline_settings: reference_date_ht / _vt).
drop table if exists term_calendar;
create table term_calendar (
  term           text primary key,
  school_year    text not null,
  season         text not null,
  year           integer not null,
  term_start     text not null,
  reference_date text not null,
  sort_key       integer not null,
  school_year_start text not null,
  school_year_end   text not null
) strict, without rowid;

insert into term_calendar
with source as (
  select distinct term from grade_file_partitions
  union
  select distinct case when cast(substr(submitted_on, 6, 2) as integer) <= 6 then 'VT' else 'HT' end
         || substr(submitted_on, 1, 4)
  from survey_responses
),
renamed as (
  select term, substr(term, 1, 2) as season, cast(substr(term, 3, 4) as integer) as year from source
)
select term,
       case season when 'HT' then year || '/' || substr('0' || ((year + 1) % 100), -2)
                   else (year - 1) || '/' || substr('0' || (year % 100), -2) end,
       season,
       year,
       case season when 'HT' then year || '-07-01' else year || '-01-01' end,
       year || '-' || (select value from pipeline_settings
                       where key = case season when 'HT' then 'reference_date_ht' else 'reference_date_vt' end),
       year * 2 + (season = 'HT'),
       case season when 'HT' then year || '-07-01' else (year - 1) || '-07-01' end,
       case season when 'HT' then (year + 1) || '-06-30' else year || '-06-30' end
from renamed;
