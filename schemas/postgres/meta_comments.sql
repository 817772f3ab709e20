-- The two tables warehouse_catalog does not describe: itself and the publication row.
COMMENT ON TABLE {schema}.warehouse_catalog IS 'The analyst documentation of this schema: one row per table and per column (column_name NULL for the table itself), saying its grain, unit, denominator rule and caveats, and the tier it is published in.';
COMMENT ON TABLE {schema}.publication IS 'This publication: one row saying its tier, when it was published (UTC), from which warehouse run, and by which Likvärd version.';
COMMENT ON COLUMN {schema}.publication.published_at IS 'When this publication was written, UTC (YYYY-MM-DDTHH:MM:SSZ).';
COMMENT ON COLUMN {schema}.publication.source_run_id IS 'The warehouse run whose data this is (the latest succeeded or partial run).';
COMMENT ON SCHEMA {schema} IS 'A Likvärd publication (tier {tier}): tables only, written by likvard publish and replaced whole by the next one. See the table warehouse_catalog.';
