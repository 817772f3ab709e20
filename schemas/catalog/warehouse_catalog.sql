-- The analyst documentation, inside the warehouse (SQLite has no COMMENT ON): every view
-- and each of its columns, with grain, unit and denominator rule. Rebuilt at each refresh.
drop table if exists warehouse_catalog;
create table warehouse_catalog (
  object_name text not null,
  object_kind text not null check (object_kind in ('view', 'table')),
  column_name text,
  description text not null
) strict;

-- The text comes from catalog_entries (written by the refresh from entries.tsv beside this
-- file). Thresholds are written there as {name} and filled in from the settings view, so
-- the catalog says what this warehouse's pipeline actually uses.
insert into warehouse_catalog (object_name, object_kind, column_name, description)
select e.object_name, e.object_kind, e.column_name,
       replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(e.description,
         '{min_pupils}', s.min_pupils),
         '{min_respondents}', s.min_respondents),
         '{low_eligibility_share}', printf('%g', s.low_eligibility_share)),
         '{declining_points}', printf('%g', s.declining_points)),
         '{low_survey_fraction}', printf('%g', s.low_survey_fraction)),
         '{low_survey_percent}', printf('%g', s.low_survey_fraction * 100)),
         '{mapping_deadline_months}', s.mapping_deadline_months),
         '{municipality_code}', s.municipality_code),
         '{allocation_count_date}', s.allocation_count_date),
         '{newcomer_years}', s.newcomer_years),
         '{min_schools_expected}', s.min_schools_expected)
from catalog_entries e cross join settings s
order by e.position;
