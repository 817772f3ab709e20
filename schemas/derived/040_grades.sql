-- Which grades count, for the partitions in scope. A grade file replaces every grade of
-- each (school, term) it holds that came from files first seen before it: per (school,
-- term), the rows of the file first seen last stand. Within them, per (pupil, school,
-- term, subject), the row with the later betygsdatum wins (ties: the later row).
delete from grade_partition_owners where (school_unit_code, term) in (select school_unit_code, term from scope_grade_partitions);

insert into grade_partition_owners
select school_unit_code, term, file_id from (
  select p.school_unit_code, p.term, p.file_id,
         row_number() over (partition by p.school_unit_code, p.term
                            order by f.first_seen_file_id desc, f.file_id desc) as k
  from scope_grade_partitions s
  join grade_file_partitions p using (school_unit_code, term)
  join etl_files f using (file_id)
) where k = 1;

delete from grades_in_force where (school_unit_code, term) in (select school_unit_code, term from scope_grade_partitions);

insert into scope_owners
select o.file_id, o.school_unit_code, o.term from scope_grade_partitions s join grade_partition_owners o using (school_unit_code, term);

-- One aggregate pass, grouped in the table's key order so the rows arrive sorted: with a
-- single max(), SQLite takes the bare columns (grade, grade_year) from the row holding the
-- maximum — the later betygsdatum, then the later line.
-- https://www.sqlite.org/lang_select.html#bare_columns_in_an_aggregate_query
insert into grades_in_force (term, school_unit_code, pupil_key, subject, grade, points, grade_year, recency, kind)
select g.term, g.school_unit_code, coalesce(l.pnr_identity, g.identity_key), g.subject, g.grade,
       case g.grade when 'A' then 20.0 when 'B' then 17.5 when 'C' then 15.0 when 'D' then 12.5
                    when 'E' then 10.0 else 0.0 end,
       g.grade_year,
       max(g.grade_date * 1000000000 + g.line_number),
       -- The subjects the merit value and eligibility rules name, as small integers: 050
       -- then aggregates 2M rows with integer tests instead of text comparisons.
       case g.subject when 'SV' then 1 when 'SVA' then 2 when 'EN' then 3 when 'MA' then 4
                      when 'M2' then 5 else 0 end
-- Each owner file's rows are read once, in file order (cross join fixes the loop order).
from (select distinct file_id from scope_owners) f
cross join grade_rows g on g.file_id = f.file_id
cross join scope_owners o on o.file_id = g.file_id and o.school_unit_code = g.school_unit_code and o.term = g.term
-- The pupil: the personnummer a temporary id is linked to, else the identifier's own (as
-- in pupils; the few links are a cheaper lookup per row than all pupils).
left join pupil_links l on l.temp_identity = g.identity_key
group by g.term, g.school_unit_code, coalesce(l.pnr_identity, g.identity_key), g.subject;
