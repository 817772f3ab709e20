-- Linking: a registration carrying both a temporary id and a personnummer links them.
-- The latest registration (registreringsdatum, then processing order) decides the link;
-- every record filed under the temporary id belongs to that pupil.
drop table if exists pupil_links;
create table pupil_links (
  temp_identity integer primary key,
  pnr_identity  integer not null
) strict;

insert into pupil_links
select temp_identity, pnr_identity from (
  select temp_identity, pnr_identity,
         row_number() over (partition by temp_identity
                            order by registration_date desc, file_id desc, line_number desc) as k
  from newcomer_registrations
  where temp_identity is not null and pnr_identity is not null
) where k = 1;

-- Temporary ids linked to different personnummer: for the data steward.
drop table if exists link_conflicts;
create table link_conflicts (
  temp_identity     text not null,            -- pseudonyms (identity_id)
  pnr_identity      text not null,
  chosen            integer not null,        -- 1 = the link in force
  file_id           integer not null,
  line_number       integer not null,
  registration_date text not null
) strict;

insert into link_conflicts
select t.identity_id, p.identity_id, r.pnr_identity = l.pnr_identity, r.file_id, r.line_number, r.registration_date
from newcomer_registrations r
join pupil_links l using (temp_identity)
join pupil_identities t on t.identity_key = r.temp_identity
join pupil_identities p on p.identity_key = r.pnr_identity
where r.pnr_identity is not null
  and r.temp_identity in (select temp_identity from newcomer_registrations
                          where pnr_identity is not null
                          group by temp_identity having count(distinct pnr_identity) > 1);

-- Every identifier → the pupil it belongs to, with what that pupil's own id says
-- (pupils, kept between refreshes: a row changes only when its identifier's link changes,
-- which only a registration naming it can do). A full refresh starts it anew.
delete from pupils where identity_key >= (select every_integer from refresh_wipe);   -- a full refresh: every row (000)

-- Re-resolved: the identities registrations named since the last refresh, and those first
-- seen since (identity keys only grow, so they are the ones above the largest kept).
delete from pupils where identity_key in (select identity_key from refresh_dirty_identities);

insert or replace into pupils (identity_key, pupil_key, pupil_id, pupil_kind, birth_year, sex, unknown_background)
select i.identity_key, p.identity_key, p.identity_id, p.kind, p.birth_year, p.sex,
       p.kind in ('temporary', 'samordningsnummer')
from pupil_identities i
left join pupil_links l on l.temp_identity = i.identity_key
join pupil_identities p on p.identity_key = coalesce(l.pnr_identity, i.identity_key)
where i.identity_key > (select coalesce(max(identity_key), 0) from pupils)
   or i.identity_key in (select identity_key from refresh_dirty_identities);

-- The scope this moves (000_scope.sql): a registered identity's pupil now; every row of
-- the pupils whose registrations changed (their newcomer status may change in every
-- term); and the partitions holding grades of an identity that moved to another pupil.
update scope_moves set new_pupil_key = (select p.pupil_key from pupils p where p.identity_key = scope_moves.identity_key);

insert or ignore into scope_pupils
select p.pupil_key from refresh_dirty_identities d join pupils p using (identity_key);

insert or ignore into scope_grade_partitions
select distinct f.school_unit_code, f.term
from scope_moves m cross join pupil_term_facts f on f.pupil_key = m.old_pupil_key   -- the moves drive: few, often none
where m.new_pupil_key is not m.old_pupil_key;

-- Newcomer registrations by pupil.
drop table if exists pupil_registrations;
create table pupil_registrations (
  pupil_key           integer not null,
  file_id             integer not null,
  line_number         integer not null,
  registration_date   text not null,
  school_unit_code    text not null,
  school_start_sweden text not null,
  arrival_date        text,
  need_group          integer,
  mapping_completed   text,
  primary key (pupil_key, file_id, line_number)
) strict, without rowid;

insert into pupil_registrations
select p.pupil_key, r.file_id, r.line_number, r.registration_date, r.school_unit_code, r.school_start_sweden,
       r.arrival_date, r.need_group, r.mapping_completed
from newcomer_registrations r
join pupils p on p.identity_key = coalesce(r.pnr_identity, r.temp_identity);

-- The earliest school start and arrival of each registered pupil count.
drop table if exists pupil_arrivals;
create table pupil_arrivals (
  pupil_key           integer primary key,
  school_start_sweden text not null,
  arrival_date        text
) strict;

insert into pupil_arrivals
select pupil_key, min(school_start_sweden), min(arrival_date)
from pupil_registrations group by pupil_key;
