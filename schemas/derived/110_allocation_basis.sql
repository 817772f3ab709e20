-- The newcomer allocation (nyanländpeng) by need group: per school year, the newcomers at
-- its count date C (setting allocation_count_date, MM-DD, in the school year's autumn), at
-- the school of their latest registration dated on or before C (ties: processed later;
-- none: not counted), in the need group chosen as for a term with C as its reference date;
-- and what they imply at the per-pupil amounts of setting newcomer_amounts_kr. For every
-- school year with a term in term_calendar or a resurser row. Small: rebuilt whole.
drop table if exists allocation_basis_facts;
create table allocation_basis_facts (
  school_unit_code    text not null,
  school_name         text,
  school_year         text not null,
  count_date          text not null,
  need_group          integer,
  n_newcomers         integer not null,
  amount_per_pupil_kr integer,
  computed_kr         integer
) strict;

insert into allocation_basis_facts
with school_years as (
  select school_year from term_calendar
  union
  select school_year from current_resources
),
count_dates as (
  select y.school_year, substr(y.school_year, 1, 4) || '-' || s.allocation_count_date as count_date,
         s.autumn_term_start
  from school_years y cross join settings s
),
-- The newcomer rule with C as the reference date: school start in Sweden after the autumn
-- term start of the year the pupil turns 7, on or before C and fewer than 4 whole years
-- before it.
newcomers as (
  select c.school_year, c.count_date, a.pupil_key
  from count_dates c
  cross join pupil_arrivals a
  cross join pupils p on p.identity_key = a.pupil_key   -- the arrivals drive (pupils holds every pupil)
  where a.school_start_sweden > (p.birth_year + 7) || '-' || c.autumn_term_start
    and a.school_start_sweden <= c.count_date
    and cast(substr(c.count_date, 1, 4) as integer) - cast(substr(a.school_start_sweden, 1, 4) as integer)
        - (substr(c.count_date, 6, 5) < substr(a.school_start_sweden, 6, 5)) < 4
),
placed as (
  select n.*,
         (select r.school_unit_code from pupil_registrations r
          where r.pupil_key = n.pupil_key and r.registration_date <= n.count_date
          order by r.registration_date desc, r.file_id desc, r.line_number desc limit 1) as school_unit_code,
         coalesce(
           (select r.need_group from pupil_registrations r
            where r.pupil_key = n.pupil_key and r.need_group is not null and r.registration_date <= n.count_date
            order by r.registration_date desc, r.file_id desc, r.line_number desc limit 1),
           (select r.need_group from pupil_registrations r
            where r.pupil_key = n.pupil_key and r.need_group is not null
            order by r.registration_date asc, r.file_id desc, r.line_number desc limit 1)) as need_group
  from newcomers n
),
counted as (
  select school_unit_code, school_year, count_date, need_group, count(*) as n_newcomers
  from placed where school_unit_code is not null
  group by school_unit_code, school_year, count_date, need_group
),
priced as (
  select c.*,
         case c.need_group when 1 then s.newcomer_amount_kr_1 when 2 then s.newcomer_amount_kr_2
                           when 3 then s.newcomer_amount_kr_3 when 4 then s.newcomer_amount_kr_4 end as amount
  from counted c cross join settings s
)
-- the school's name from the register version valid on the count date
select p.school_unit_code, v.school_name, p.school_year, p.count_date, p.need_group, p.n_newcomers,
       cast(p.amount as integer), cast(p.n_newcomers * p.amount as integer)
from priced p
left join school_version_spans v on v.school_unit_code = p.school_unit_code
 and p.count_date >= v.shown_from and (v.valid_to is null or p.count_date < v.valid_to);
