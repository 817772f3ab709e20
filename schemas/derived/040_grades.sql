-- Which grades count. A grade file replaces every grade of each (school, term) it holds
-- that came from files first seen before it: per (school, term), the rows of the file
-- first seen last stand. Within them, per (pupil, school, term, subject), the row with
-- the later betygsdatum wins (ties: the later row).
drop table if exists grade_partition_owners;
create table grade_partition_owners (
  school_unit_code text not null,
  term             text not null,
  file_id          integer not null,
  primary key (school_unit_code, term)
) strict, without rowid;

insert into grade_partition_owners
select school_unit_code, term, file_id from (
  select g.school_unit_code, g.term, g.file_id,
         row_number() over (partition by g.school_unit_code, g.term
                            order by f.first_seen_file_id desc, f.file_id desc) as k
  from (select distinct school_unit_code, term, file_id from grade_rows) g
  join etl_files f using (file_id)
) where k = 1;

drop table if exists grades_in_force;
create table grades_in_force (
  pupil_key        integer not null,
  school_unit_code text not null,
  term             text not null,
  subject          text not null,
  grade            text not null,
  points           real not null,
  grade_year       integer not null,         -- of the pupil's latest row at that school and term
  primary key (pupil_key, school_unit_code, term, subject)
) strict, without rowid;

insert into grades_in_force
with source as (
  select p.pupil_key, g.school_unit_code, g.term, g.subject, g.grade, g.grade_year,
         g.grade_date || ':' || substr('00000000' || g.line_number, -9) as recency
  from grade_rows g
  join grade_partition_owners o using (school_unit_code, term, file_id)
  join pupils p using (identity_key)
),
-- One aggregate pass instead of a window: with a single max(), SQLite takes the bare
-- columns (grade, grade_year) from the row holding the maximum (the later betygsdatum,
-- then the later line). https://www.sqlite.org/lang_select.html#bare_columns_in_an_aggregate_query
latest as (
  select pupil_key, school_unit_code, term, subject, grade, grade_year, max(recency) as recency
  from source group by pupil_key, school_unit_code, term, subject
),
-- The pupil's grade year at the school and term: that of their latest row.
years as (
  select pupil_key, school_unit_code, term, grade_year, max(recency)
  from latest group by pupil_key, school_unit_code, term
)
select l.pupil_key, l.school_unit_code, l.term, l.subject, l.grade,
       case l.grade when 'A' then 20.0 when 'B' then 17.5 when 'C' then 15.0 when 'D' then 12.5
                    when 'E' then 10.0 else 0.0 end,
       y.grade_year
from latest l join years y using (pupil_key, school_unit_code, term);
