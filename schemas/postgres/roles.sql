-- The contract's reader roles (docs/disclosure.md), created when missing, NOLOGIN: the database
-- administrator grants them to people's own login roles. Never a login role or a password.
-- Roles belong to the whole server, so a publisher into another database may be creating
-- the same role at this moment: its "already exists" is not an error here.
DO $$
DECLARE
    wanted text;
BEGIN
    FOREACH wanted IN ARRAY ARRAY['likvard_reader', 'likvard_public_reader', 'likvard_researcher'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = wanted) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', wanted);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;
END
$$;
