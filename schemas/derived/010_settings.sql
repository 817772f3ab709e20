-- The pipeline's settings as one typed row (written into pipeline_settings by each
-- refresh from the pipeline file): the one place the models, the catalog and the report
-- read a threshold or a date from.
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
       coalesce(max(case key when 'municipality_code' then value end), '0180') as municipality_code,
       coalesce(max(case key when 'allocation_count_date' then value end), '10-15') as allocation_count_date,
       coalesce(max(case key when 'public_keeps' then value end), 'excl_newcomers') as public_keeps,
       max(case key when 'newcomer_amount_kr_1' then value end)    as newcomer_amount_kr_1,
       max(case key when 'newcomer_amount_kr_2' then value end)    as newcomer_amount_kr_2,
       max(case key when 'newcomer_amount_kr_3' then value end)    as newcomer_amount_kr_3,
       max(case key when 'newcomer_amount_kr_4' then value end)    as newcomer_amount_kr_4
from pipeline_settings;

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
