-- Survey follow-up of the focus areas, per school and for the city (every school pooled),
-- and the self-assessment profile: per school, the areas of a survey's own delomraden by
-- level (niva: 'all' and each level present).
-- The current response per (survey, svar_id) is the one delivered last; answers are
-- scored with the survey's current definition (reversed questions as min + max - value).
-- Fewer than min_respondents respondents: counts only. Recomputed for the (survey, term)
-- pairs of scope_survey_terms (000_scope.sql).
delete from focus_area_facts where school_unit_code >= (select every_text from refresh_wipe);   -- a full refresh: every row (000)
delete from focus_area_facts where (survey, term) in (select survey, term from scope_survey_terms);
delete from focus_area_city_facts where survey >= (select every_text from refresh_wipe);   -- a full refresh: every row (000)
delete from focus_area_city_facts where (survey, term) in (select survey, term from scope_survey_terms);
delete from self_assessment_facts where school_unit_code >= (select every_text from refresh_wipe);   -- a full refresh: every row (000)
delete from self_assessment_facts where (survey, term) in (select survey, term from scope_survey_terms);

-- Every scored answer in scope, with its response's role and level and its question's areas.
drop table if exists temp.scored_answers;
create temp table scored_answers as
with current_definitions as (
  select d.survey, d.file_id, d.scale_min, d.scale_max
  from survey_definitions d
  where d.file_id = (select max(file_id) from survey_definitions x where x.survey = d.survey)
),
-- The current version of each response (the one delivered last), where it falls in a term
-- in scope. Materialized: picked once, where the planner left alone read every response
-- again for each question (docs/performance.md, section 11).
current_responses as materialized (
  select r.* from survey_response_terms r
  where exists (select 1 from scope_survey_terms s where s.survey = r.survey and s.term = r.term)
    and not exists (select 1 from survey_responses later
                  where later.survey = r.survey and later.response_id = r.response_id
                    and (later.file_id > r.file_id or (later.file_id = r.file_id and later.line_number > r.line_number)))
),
scored as (
  select r.school_unit_code, r.survey, r.response_id, r.term, r.role, r.level, q.focus_area, q.delomrade,
         d.scale_min, d.scale_max,
         a.value is null as dont_know,
         case when a.value is null then null
              when q.reversed = 1 then d.scale_min + d.scale_max - a.value
              else a.value end as score
  from current_responses r
  join current_definitions d on d.survey = r.survey
  join survey_answers a on a.file_id = r.file_id and a.line_number = r.line_number
  join survey_questions q on q.survey = d.survey and q.file_id = d.file_id and q.question_id = a.question_id
)
select * from scored;

-- Once per role group: 'all', and the response's own role.
drop view if exists temp.scored_by_role;
create temp view scored_by_role as
select *, 'all' as role_group from scored_answers
union all
select *, role from scored_answers where role is not null;

-- Per school, and with school_unit_code NULL for the city; both pool every answer of the
-- row (not a mean of respondent means). A response is at one school, so the city's
-- respondents are the schools' added up.
drop table if exists temp.focus_area_groups;
create temp table focus_area_groups as
select school_unit_code, survey, term, focus_area, role_group as role,
       count(distinct response_id) as n_respondents, avg(score) as mean_score, avg(dont_know) as share_dont_know,
       max(scale_min) as scale_min, max(scale_max) as scale_max
from scored_by_role
group by school_unit_code, survey, term, focus_area, role_group
union all
select null, survey, term, focus_area, role_group,
       count(distinct response_id), avg(score), avg(dont_know), max(scale_min), max(scale_max)
from scored_by_role
group by survey, term, focus_area, role_group;

drop view if exists temp.focus_area_shown;
create temp view focus_area_shown as
select g.school_unit_code, g.survey, g.term, g.focus_area, g.role, g.n_respondents,
       case when g.n_respondents >= s.min_respondents then g.mean_score end as mean_score,
       case when g.n_respondents >= s.min_respondents then g.share_dont_know end as share_dont_know,
       g.n_respondents < s.min_respondents as suppressed,
       g.scale_min, g.scale_max
from focus_area_groups g cross join settings s;

insert into focus_area_facts
select * from focus_area_shown where school_unit_code is not null;

insert into focus_area_city_facts
select survey, term, focus_area, role, n_respondents, mean_score, share_dont_know, suppressed, scale_min, scale_max
from focus_area_shown where school_unit_code is null;

-- The self-assessment profile: the answers to questions of a delomrade, per school and level
-- group ('all', and the response's own niva), pooled as the focus areas are.
insert into self_assessment_facts
with by_level as (
  select *, 'all' as niva from scored_answers where delomrade is not null
  union all
  select *, level from scored_answers where delomrade is not null and level is not null
),
aggregated as (
  select school_unit_code, survey, term, delomrade, niva, count(distinct response_id) as n_respondents,
         avg(score) as mean_score, avg(dont_know) as share_dont_know
  from by_level group by school_unit_code, survey, term, delomrade, niva
)
select a.school_unit_code, a.survey, a.term, a.delomrade, a.niva, a.n_respondents,
       case when a.n_respondents >= s.min_respondents then a.mean_score end,
       case when a.n_respondents >= s.min_respondents then a.share_dont_know end,
       a.n_respondents < s.min_respondents
from aggregated a cross join settings s;
