-- The reader roles as the publication needs them: roles to grant, not people. One that can
-- log in, is a superuser, bypasses row security, or is a member of a higher tier's role
-- would let whoever holds it read more than its tier: the publish is refused (one row per
-- problem), and the database administrator puts it right.
with readers (role, tier_rank) as (values ('likvard_public_reader', 1), ('likvard_reader', 2), ('likvard_researcher', 3)),
present as (
  select r.role, r.tier_rank, p.rolcanlogin, p.rolsuper, p.rolbypassrls
  from readers r join pg_roles p on p.rolname = r.role
)
select role, 'can log in' from present where rolcanlogin
union all
select role, 'is a superuser' from present where rolsuper
union all
select role, 'bypasses row security' from present where rolbypassrls
union all
select a.role, 'is a member of ' || b.role
from present a join present b on b.tier_rank > a.tier_rank
where pg_has_role(a.role, b.role, 'MEMBER')
order by 1, 2
