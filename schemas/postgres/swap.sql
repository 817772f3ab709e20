-- The new publication takes the tier's name in the transaction that loaded it: a reader
-- sees the old schema or the new one, never a mix. The old one is dropped in the same
-- transaction; a query still reading it holds its locks, and the commit waits for it.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '{schema}') THEN
        ALTER SCHEMA {schema} RENAME TO {previous};
        ALTER SCHEMA {publishing} RENAME TO {schema};
        DROP SCHEMA {previous} CASCADE;
    ELSE
        ALTER SCHEMA {publishing} RENAME TO {schema};
    END IF;
END
$$;
