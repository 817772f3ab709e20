-- Are the three-year targets on track? Each target (current_targets, 105) with its measure's
-- value at the baseline term and at the current term — the latest term of the baseline's
-- season after the baseline, not after the target term, that has a value. Where a value is
-- read: results per school (060) or for the city (062) with sex all for the result
-- measures; the city's disparity (080) for gap_p90_p10; the survey follow-up per school
-- (090) or pooled over the city, role all, for survey_mean_score.
--   progress      = (current − baseline) / (target − baseline)
--   elapsed_share = whole years from baseline to current / whole years from baseline to target
--   on_track      = 1 when progress ≥ elapsed_share; achieved = 1 when the current value has
--                   reached the target (≤ for the gap, where lower is better; ≥ for the
--                   others). Flags, as the signals are: 0 when a side is unknown (a
--                   suppressed or missing value, no current term). Small: rebuilt whole.
drop table if exists target_followup_facts;
create table target_followup_facts (
  mal_id         text primary key,
  omfattning     text not null,
  school_unit_code text,
  fokusomrade    text,
  matt           text not null,
  population     text not null,
  grade_year     integer not null,
  survey         text,
  focus_area     text,
  baseline_term  text not null,
  baseline_value real,
  target_term    text not null,
  target_value   real not null,
  current_term   text,
  current_value  real,
  progress       real,
  elapsed_share  real,
  on_track       integer not null,
  achieved       integer not null
) strict;

insert into target_followup_facts
with measured as (
  select t.target_id, r.term,
         case t.measure when 'mean_merit_value' then r.mean_merit_value
                        when 'share_eligible_vocational' then r.share_eligible_vocational
                        else r.share_all_subjects_passed end as value
  from current_targets t
  join results_school_term_facts r on r.school_unit_code = t.school_unit_code and r.grade_year = t.grade_year
                                  and r.population = t.population and r.sex = 'all'
  where t.scope = 'skola' and t.measure in ('mean_merit_value', 'share_eligible_vocational', 'share_all_subjects_passed')
  union all
  select t.target_id, r.term,
         case t.measure when 'mean_merit_value' then r.mean_merit_value
                        when 'share_eligible_vocational' then r.share_eligible_vocational
                        else r.share_all_subjects_passed end
  from current_targets t
  join results_city_term_facts r on r.grade_year = t.grade_year and r.population = t.population and r.sex = 'all'
  where t.scope = 'stad' and t.measure in ('mean_merit_value', 'share_eligible_vocational', 'share_all_subjects_passed')
  union all
  select t.target_id, d.term, d.gap_p90_p10
  from current_targets t
  join school_disparity_facts d on d.grade_year = t.grade_year and d.population = t.population
  where t.scope = 'stad' and t.measure = 'gap_p90_p10'
  union all
  select t.target_id, f.term, f.mean_score
  from current_targets t
  join focus_area_facts f on f.school_unit_code = t.school_unit_code and f.survey = t.survey
                         and f.focus_area = t.survey_focus_area and f.role = 'all'
  where t.scope = 'skola' and t.measure = 'survey_mean_score'
  union all
  select t.target_id, f.term, f.mean_score
  from current_targets t
  join focus_area_city_facts f on f.survey = t.survey and f.focus_area = t.survey_focus_area and f.role = 'all'
  where t.scope = 'stad' and t.measure = 'survey_mean_score'
),
followed as (
  select t.*,
         (select m.value from measured m where m.target_id = t.target_id and m.term = t.baseline_term) as baseline_value,
         (select m.term from measured m
          where m.target_id = t.target_id and m.value is not null and substr(m.term, 1, 2) = substr(t.baseline_term, 1, 2)
            and substr(m.term, 3, 4) > substr(t.baseline_term, 3, 4) and substr(m.term, 3, 4) <= substr(t.target_term, 3, 4)
          order by m.term desc limit 1) as current_term
  from current_targets t
),
valued as (
  select f.*, (select m.value from measured m where m.target_id = f.target_id and m.term = f.current_term) as current_value,
         cast(substr(f.target_term, 3, 4) as integer) - cast(substr(f.baseline_term, 3, 4) as integer) as years_to_target,
         cast(substr(f.current_term, 3, 4) as integer) - cast(substr(f.baseline_term, 3, 4) as integer) as years_to_current
  from followed f
),
final as (
  select v.*,
         (v.current_value - v.baseline_value) / nullif(v.target_value - v.baseline_value, 0) as progress,
         v.years_to_current * 1.0 / v.years_to_target as elapsed_share
  from valued v
)
select target_id, scope, school_unit_code, focus_area, measure, population, grade_year, survey, survey_focus_area,
       baseline_term, baseline_value, target_term, target_value, current_term, current_value, progress, elapsed_share,
       coalesce(progress >= elapsed_share, 0),
       coalesce(case when measure = 'gap_p90_p10' then current_value <= target_value else current_value >= target_value end, 0)
from final;
