-- The grade points of the merit value (A 20, B 17.5, C 15, D 12.5, E 10, F and - 0),
-- written by every refresh from the code's one statement of the rule (`Grade.points`,
-- which the load's summaries use too), so the SQL models read them instead of repeating
-- them: 040 (the grades in force) and 045 (mean points per subject).
create table grade_points (
  grade  text primary key,
  points real not null
) strict, without rowid;
