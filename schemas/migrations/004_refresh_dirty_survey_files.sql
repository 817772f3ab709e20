-- Survey files loaded since the last refresh (responses and definitions): the refresh
-- recomputes the focus-area follow-up only for the (survey, term) pairs they touch, not
-- for every survey answer ever loaded. Emptied by each refresh, in its transaction.
create table refresh_dirty_survey_files (
  file_id integer primary key
) strict;
