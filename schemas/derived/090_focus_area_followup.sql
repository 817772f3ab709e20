-- Survey follow-up of the focus areas. The current response per (survey, svar_id) is the
-- one delivered last; answers are scored with the survey's current definition (reversed
-- questions as min + max - value). Fewer than min_respondents respondents: counts only.
-- Recomputed for the (survey, term) pairs that survey files loaded since the last refresh
-- touch (all of them on a full refresh).
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

-- A response's term: submitted January-June is VT, July-December HT, of that year.
drop view if exists temp.survey_response_terms;
create temp view survey_response_terms as
select r.*,
       case when cast(substr(r.submitted_on, 6, 2) as integer) <= 6 then 'VT' else 'HT' end
         || substr(r.submitted_on, 1, 4) as term
from survey_responses r;

-- In scope: every (survey, term) on a full refresh, or of a survey with a new definition
-- (its answers are rescored); the terms of the responses in new files, and the terms of
-- the earlier versions of those responses (a new version may move a response to another
-- term).
drop table if exists temp.scope_survey_terms;
create temp table scope_survey_terms (
  survey text not null,
  term   text not null,
  primary key (survey, term)
) without rowid;

insert or ignore into scope_survey_terms
select distinct r.survey, r.term from survey_response_terms r
where (select full from refresh_mode) = 1
   or r.survey in (select d.survey from survey_definitions d join refresh_dirty_survey_files using (file_id));

insert or ignore into scope_survey_terms
select distinct v.survey, v.term
from refresh_dirty_survey_files x
join survey_responses r on r.file_id = x.file_id
join survey_response_terms v on v.survey = r.survey and v.response_id = r.response_id;

delete from focus_area_facts where (survey, term) in (select survey, term from scope_survey_terms);

insert into focus_area_facts
with current_definitions as (
  select d.survey, d.file_id, d.scale_min, d.scale_max
  from survey_definitions d
  where d.file_id = (select max(file_id) from survey_definitions x where x.survey = d.survey)
),
-- The current version of each response (the one delivered last), where it falls in a term
-- in scope.
current_responses as (
  select r.* from survey_response_terms r
  where exists (select 1 from scope_survey_terms s where s.survey = r.survey and s.term = r.term)
    and not exists (select 1 from survey_responses later
                  where later.survey = r.survey and later.response_id = r.response_id
                    and (later.file_id > r.file_id or (later.file_id = r.file_id and later.line_number > r.line_number)))
),
scored as (
  select r.school_unit_code, r.survey, r.response_id, r.term, r.role, q.focus_area, d.scale_min, d.scale_max,
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

drop view temp.survey_response_terms;
drop table temp.scope_survey_terms;
