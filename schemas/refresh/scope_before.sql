-- Incremental refresh, before the pupils are re-resolved: the pupils the dirty identities
-- belonged to until now (a new link moves a temporary id's grades to another pupil).
insert or ignore into scope_pupils
select p.pupil_key from refresh_dirty_identities d join pupils p using (identity_key);
