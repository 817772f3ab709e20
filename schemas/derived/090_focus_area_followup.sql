-- Survey follow-up of the focus areas. The current response per (survey, svar_id) is the
-- one delivered last; answers are scored with the survey's current definition (reversed
-- questions as min + max - value). Fewer than min_respondents respondents: counts only.
-- Recomputed only when survey files were loaded since the last refresh (or in full).
create table if not exists focus_area_facts (
  school_unit_code text not null,
  survey           text not null,
  term             text not null,
  focus_area       text not null,
  role             text not null,
  n_respondents    integer not null,
  mean_score       real,
  share_dont_know  real,
  suppressed       integer not null,
  scale_min        integer not null,
  scale_max        integer not null,
  primary key (school_unit_code, survey, term, focus_area, role)
) strict, without rowid;

delete from focus_area_facts where (select surveys from refresh_mode) = 1;

insert into focus_area_facts
with current_definitions as (
  select d.survey, d.file_id, d.scale_min, d.scale_max
  from survey_definitions d
  where (select surveys from refresh_mode) = 1
    and d.file_id = (select max(file_id) from survey_definitions x where x.survey = d.survey)
),
current_responses as (
  select * from (
    select r.*, row_number() over (partition by survey, response_id order by file_id desc, line_number desc) as k
    from survey_responses r
    where (select surveys from refresh_mode) = 1
  ) where k = 1
),
scored as (
  select r.school_unit_code, r.survey, r.response_id,
         case when cast(substr(r.submitted_on, 6, 2) as integer) <= 6 then 'VT' else 'HT' end
           || substr(r.submitted_on, 1, 4) as term,
         r.role, q.focus_area, d.scale_min, d.scale_max,
         a.value is null as dont_know,
         case when a.value is null then null
              when q.reversed = 1 then d.scale_min + d.scale_max - a.value
              else a.value end as score
  from current_responses r
  join current_definitions d on d.survey = r.survey
  join survey_answers a on a.file_id = r.file_id and a.line_number = r.line_number
  join survey_questions q on q.survey = d.survey and q.file_id = d.file_id and q.question_id = a.question_id
),
by_role as (
  select *, 'all' as role_group from scored
  union all
  select *, role from scored where role is not null
),
aggregated as (
  select school_unit_code, survey, term, focus_area, role_group as role,
         count(distinct response_id) as n_respondents,
         avg(score) as mean_score,
         avg(dont_know) as share_dont_know,
         max(scale_min) as scale_min, max(scale_max) as scale_max
  from by_role
  group by school_unit_code, survey, term, focus_area, role_group
)
select school_unit_code, survey, term, focus_area, role, n_respondents,
       case when n_respondents >= (select value from pipeline_settings where key = 'min_respondents') then mean_score end,
       case when n_respondents >= (select value from pipeline_settings where key = 'min_respondents') then share_dont_know end,
       n_respondents < (select value from pipeline_settings where key = 'min_respondents'),
       scale_min, scale_max
from aggregated;
