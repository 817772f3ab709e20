-- Who reads the schema being published (docs/disclosure.md): {readers} is the tier's roles —
-- likvard: likvard_reader, likvard_researcher; likvard_public: all three;
-- likvard_microdata: likvard_researcher. Nobody else: PUBLIC loses whatever a database's
-- defaults gave it (ALTER DEFAULT PRIVILEGES … TO PUBLIC reaches new tables too), and so
-- does every other role a default privilege named.
REVOKE ALL ON SCHEMA {schema} FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM PUBLIC;
DO $$
DECLARE
    grant_row record;
BEGIN
    FOR grant_row IN
        SELECT DISTINCT g.table_name, g.grantee FROM information_schema.role_table_grants g
        WHERE g.table_schema = '{schema}' AND g.grantee <> current_user AND g.grantee <> 'PUBLIC'
          AND g.grantee NOT IN (SELECT trim(r) FROM unnest(string_to_array('{readers}', ',')) r)
    LOOP
        EXECUTE format('REVOKE ALL ON %I.%I FROM %I', '{schema}', grant_row.table_name, grant_row.grantee);
    END LOOP;
END
$$;
GRANT USAGE ON SCHEMA {schema} TO {readers};
GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {readers};
