-- Incremental refresh, before the pupils are re-resolved: the pupil each dirty identity
-- belonged to until now (a new link moves a temporary id's grades to another pupil).
insert or ignore into scope_moves (identity_key, old_pupil_key)
select d.identity_key, p.pupil_key from refresh_dirty_identities d join pupils p using (identity_key);
