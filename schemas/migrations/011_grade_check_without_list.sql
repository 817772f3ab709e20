-- grade_rows' check on the grade as a range instead of an IN list: the same seven values
-- (one of A–F, or '-'), but SQLite evaluates `grade in ('A', …, '-')` in a CHECK at about
-- 1.2 µs a row — measured: inserting 1.9M grade rows took 4.0 s with it, 1.6 s without
-- any check, 2.0 s with this one (docs/performance.md). The validation in Swift decides
-- what is a grade; the check stays as a guard against a bug, at a price the load can pay.
create table grade_rows_checked (
  file_id          integer not null references etl_files (file_id),
  line_number      integer not null,
  identity_key     integer not null references pupil_identities (identity_key),
  school_unit_code text not null,
  term             text not null,
  grade_year       integer not null check (grade_year between 6 and 9),
  subject          text not null,
  grade            text not null check (grade = '-' or (length(grade) = 1 and grade between 'A' and 'F')),
  grade_date       integer not null check (grade_date between 10000101 and 99991231),  -- YYYYMMDD
  primary key (file_id, line_number)
) strict, without rowid;

insert into grade_rows_checked select * from grade_rows;

drop table grade_rows;
alter table grade_rows_checked rename to grade_rows;
