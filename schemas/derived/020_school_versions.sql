-- The school unit register as a versioned dimension. In processing order, a row whose
-- attributes differ from the school's previous row makes a new version, valid from its
-- giltig_from (empty: from the beginning for a first version, from the loading run's date
-- for a later one); an identical row changes nothing. Two versions from the same date:
-- the later-processed one stands.
drop table if exists school_versions;
create table school_versions (
  school_unit_code    text not null,
  valid_from          text not null,
  valid_to            text,                  -- exclusive; NULL = still valid
  school_name         text not null,
  district            text,
  organiser           text,
  grade_span          text,
  socioeconomic_index real,
  primary key (school_unit_code, valid_from)
) strict, without rowid;

insert into school_versions
with ordered as (
  select r.*,
         row_number() over w as n,
         lag(school_name) over w as prev_name,
         lag(district) over w as prev_district,
         lag(organiser) over w as prev_organiser,
         lag(grade_span) over w as prev_span,
         lag(socioeconomic_index) over w as prev_index
  from school_register_rows r
  window w as (partition by school_unit_code order by file_id, line_number)
),
changes as (
  select *, coalesce(valid_from_given, case when n = 1 then '0001-01-01' else run_date end) as from_date
  from ordered
  where n = 1
     or school_name is not prev_name or district is not prev_district or organiser is not prev_organiser
     or grade_span is not prev_span or socioeconomic_index is not prev_index
),
final as (
  select *, row_number() over (partition by school_unit_code, from_date order by file_id desc, line_number desc) as k
  from changes
)
select school_unit_code, from_date,
       lead(from_date) over (partition by school_unit_code order by from_date),
       school_name, district, organiser, grade_span, socioeconomic_index
from final where k = 1;

-- The version shown for a term: valid on the term's reference date, else the earliest.
drop table if exists school_term_names;
create table school_term_names (
  school_unit_code text not null,
  term             text not null,
  school_name      text not null,
  district         text,
  socioeconomic_index real,             -- the version's: the expected-results covariate (085)
  primary key (school_unit_code, term)
) strict, without rowid;

insert into school_term_names
select s.code, t.term, v.school_name, v.district, v.socioeconomic_index
from (select distinct school_unit_code as code from school_versions) s
cross join term_calendar t
join school_versions v on v.school_unit_code = s.code
 and v.valid_from = coalesce(
       (select max(valid_from) from school_versions x where x.school_unit_code = s.code and x.valid_from <= t.reference_date),
       (select min(valid_from) from school_versions x where x.school_unit_code = s.code));

-- The version shown on any date (the one rule of school_term_names, for dates that are no
-- term's reference date: an allocation's count date): each version from its valid_from to
-- the next one's, the earliest also for every date before it.
drop view if exists school_version_spans;
create view school_version_spans as
select v.*,
       case when v.valid_from = (select min(x.valid_from) from school_versions x where x.school_unit_code = v.school_unit_code)
            then '0000-01-01' else v.valid_from end as shown_from
from school_versions v;
