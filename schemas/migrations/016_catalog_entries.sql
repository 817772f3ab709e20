-- The catalog's text (every view and column with grain, unit and denominator rule), written
-- by every refresh from `schemas/catalog/entries.tsv`, where it is kept as data rather than
-- as one long SQL VALUES list; `warehouse_catalog` fills in the thresholds from it.
create table catalog_entries (
  position    integer primary key,
  object_name text not null,
  object_kind text not null check (object_kind in ('view', 'table')),
  column_name text,
  description text not null
) strict;
