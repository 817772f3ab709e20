-- Survey follow-up of the focus areas. The current response per (survey, svar_id) is the
-- one delivered last; answers are scored with the survey's current definition (reversed
-- questions as min + max - value). Fewer than min_respondents respondents: counts only.
-- Recomputed for the (survey, term) pairs of scope_survey_terms (000_scope.sql).
delete from focus_area_facts where (select full from refresh_mode) = 1;

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
       case when n_respondents >= (select min_respondents from settings) then mean_score end,
       case when n_respondents >= (select min_respondents from settings) then share_dont_know end,
       n_respondents < (select min_respondents from settings),
       scale_min, scale_max
from aggregated;

