-- The pipeline's settings as one typed row (written into pipeline_settings by each
-- refresh from the pipeline file, its defaults filled in by the code): the one place the
-- models, the catalog and the publications read a threshold or a date from.
drop view if exists settings;
create view settings as
select max(case key when 'reference_date_ht' then value end)       as reference_date_ht,
       max(case key when 'reference_date_vt' then value end)       as reference_date_vt,
       max(case key when 'autumn_term_start' then value end)       as autumn_term_start,
       max(case key when 'min_pupils' then value end)              as min_pupils,
       max(case key when 'min_respondents' then value end)         as min_respondents,
       max(case key when 'low_eligibility_share' then value end)   as low_eligibility_share,
       max(case key when 'declining_points' then value end)        as declining_points,
       max(case key when 'low_survey_fraction' then value end)     as low_survey_fraction,
       max(case key when 'mapping_deadline_months' then value end) as mapping_deadline_months,
       max(case key when 'municipality_code' then value end) as municipality_code,
       max(case key when 'allocation_count_date' then value end) as allocation_count_date,
       max(case key when 'public_keeps' then value end) as public_keeps,
       max(case key when 'newcomer_amount_kr_1' then value end)    as newcomer_amount_kr_1,
       max(case key when 'newcomer_amount_kr_2' then value end)    as newcomer_amount_kr_2,
       max(case key when 'newcomer_amount_kr_3' then value end)    as newcomer_amount_kr_3,
       max(case key when 'newcomer_amount_kr_4' then value end)    as newcomer_amount_kr_4,
       -- The rules' fixed numbers, not settings, stated here once: a newcomer or newly
       -- immigrated pupil arrived within this many years before the reference date (050);
       -- an expected-results model needs this many qualifying schools (085).
       4                                                           as newcomer_years,
       20                                                          as min_schools_expected
from pipeline_settings;

-- Nearest rank, the one statement of the percentile rule (080, 095): among n values in
-- ascending order the p-th percentile is the value at position ceil(p·n/100), which is
-- (p·n + 99) / 100 in integer arithmetic. A table for every n a percentile here can be
-- taken over (no more schools than grade partitions or official rows).
drop table if exists nearest_rank;
create table nearest_rank (
  n   integer primary key,
  p10 integer not null,
  p50 integer not null,
  p90 integer not null
) strict;

insert into nearest_rank
with recursive counts (n) as (
  select 1
  union all
  select n + 1 from counts
  where n < (select count(*) from grade_file_partitions) + (select count(*) from official_statistics_rows)
)
select n, (10 * n + 99) / 100, (50 * n + 99) / 100, (90 * n + 99) / 100 from counts;

-- The same row typed, for the publications' `rules` (a view's computed columns carry no
-- type, and a reader's PostgreSQL should see numbers as numbers).
drop table if exists rules_facts;
create table rules_facts (
  municipality_code       text not null,
  min_pupils              integer not null,
  min_respondents         integer not null,
  low_eligibility_share   real not null,
  declining_points        real not null,
  low_survey_fraction     real not null,
  mapping_deadline_months integer not null,
  newcomer_years          integer not null,
  min_schools_expected    integer not null,
  reference_date_ht       text not null,
  reference_date_vt       text not null,
  autumn_term_start       text not null,
  allocation_count_date   text not null,
  public_keeps            text not null
) strict;

insert into rules_facts
select municipality_code, min_pupils, min_respondents, low_eligibility_share, declining_points, low_survey_fraction,
       mapping_deadline_months, newcomer_years, min_schools_expected, reference_date_ht, reference_date_vt,
       autumn_term_start, allocation_count_date, public_keeps
from settings;

-- Every term that has grades or survey responses: its school year, season, reference
-- date, chronological sort key, and the same season a year earlier and later (the
-- previous-year comparisons of disparity and signals).
drop table if exists term_calendar;
create table term_calendar (
  term               text primary key,
  school_year        text not null,
  season             text not null,
  year               integer not null,
  term_start         text not null,
  reference_date     text not null,
  sort_key           integer not null,
  school_year_start  text not null,
  school_year_end    text not null,
  previous_year_term text not null,
  next_year_term     text not null
) strict, without rowid;

insert into term_calendar
with source as (
  select distinct term from grade_file_partitions
  union
  select distinct term from survey_response_terms
),
renamed as (
  select term, substr(term, 1, 2) as season, cast(substr(term, 3, 4) as integer) as year from source
),
final as (
  select r.term,
         case r.season when 'HT' then r.year || '/' || substr('0' || ((r.year + 1) % 100), -2)
                       else (r.year - 1) || '/' || substr('0' || (r.year % 100), -2) end as school_year,
         r.season,
         r.year,
         case r.season when 'HT' then r.year || '-07-01' else r.year || '-01-01' end as term_start,
         r.year || '-' || case r.season when 'HT' then s.reference_date_ht else s.reference_date_vt end as reference_date,
         r.year * 2 + (r.season = 'HT') as sort_key,
         case r.season when 'HT' then r.year || '-07-01' else (r.year - 1) || '-07-01' end as school_year_start,
         case r.season when 'HT' then (r.year + 1) || '-06-30' else r.year || '-06-30' end as school_year_end,
         r.season || (r.year - 1) as previous_year_term,
         r.season || (r.year + 1) as next_year_term
  from renamed r cross join settings s
)
select * from final;
