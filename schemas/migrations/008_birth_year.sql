-- Data minimisation: no rule needs more of a pupil's birth date than its year (the
-- newcomer rule's "year the pupil turns 7"), so identities and pupils keep the year only.
-- The full dates are dropped, with secure_delete so their bytes are overwritten. (pupils
-- is derived: the next refresh, full since its SQL changed, fills birth_year.)
pragma secure_delete = on;
alter table pupil_identities add column birth_year integer;
update pupil_identities set birth_year = cast(substr(birth_date, 1, 4) as integer);
alter table pupil_identities drop column birth_date;
alter table pupils drop column birth_date;
alter table pupils add column birth_year integer;
pragma secure_delete = off;
