-- The benchmark's baseline (b): the grade exports imported by the stock sqlite3 shell into
-- one typed table, as an analyst without Likvärd would. likvard-bench appends one
-- `.import` line per export file.
pragma journal_mode = wal;
create table grades (personnummer text, skolenhetskod text, arskurs integer, termin text, amne text, betyg text,
                     betygsdatum text, larare text);
.mode csv
.separator ;
