-- Grade dates as integers (YYYYMMDD) instead of text: the refresh orders 2M rows by
-- (betygsdatum, line) to find the grade in force, and an integer key sorts without
-- building a string per row (measured: grouping 1.9M rows 2.4 s → 1.9 s), and the load
-- binds one text fewer per row. Existing rows are converted in place.
create table grade_rows_compact (
  file_id          integer not null references etl_files (file_id),
  line_number      integer not null,
  identity_key     integer not null references pupil_identities (identity_key),
  school_unit_code text not null,
  term             text not null,
  grade_year       integer not null check (grade_year between 6 and 9),
  subject          text not null,
  grade            text not null check (grade in ('A', 'B', 'C', 'D', 'E', 'F', '-')),
  grade_date       integer not null check (grade_date between 10000101 and 99991231),  -- YYYYMMDD
  primary key (file_id, line_number)
) strict, without rowid;

insert into grade_rows_compact
select file_id, line_number, identity_key, school_unit_code, term, grade_year, subject, grade,
       cast(replace(grade_date, '-', '') as integer)
from grade_rows;

drop table grade_rows;
alter table grade_rows_compact rename to grade_rows;
