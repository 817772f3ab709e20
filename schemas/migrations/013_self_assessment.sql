-- A survey question may belong to one of its survey's own areas (delomraden): the digital
-- self-assessment follows the five areas of the city's IT strategy.
alter table survey_questions add column delomrade text;

-- 090_focus_area_followup: the self-assessment profile per (school, survey, term,
-- delomrade, niva), recomputed with the survey follow-up.
create table self_assessment_facts (
  school_unit_code text not null,
  survey           text not null,
  term             text not null,
  delomrade        text not null,
  niva             text not null,
  n_respondents    integer not null,
  mean_score       real,
  share_dont_know  real,
  suppressed       integer not null,
  primary key (school_unit_code, survey, term, delomrade, niva)
) strict, without rowid;
