-- Who reads the schema being published (publish.md): {readers} is the tier's roles —
-- likvard: likvard_reader, likvard_researcher; likvard_public: all three;
-- likvard_microdata: likvard_researcher. PUBLIC gets nothing (a new schema grants it none).
GRANT USAGE ON SCHEMA {schema} TO {readers};
GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {readers};
