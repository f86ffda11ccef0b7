-- `jicai unload` and a corrected file loaded again remove loads; the load_log row stays as the audit trail, with
-- status 'unloaded' (jicai unload) or 'superseded' (a new version of the same file replaced it), when, and which
-- load superseded it. The rows a later load replaced are kept in replaced_* tables, made from the source contracts
-- like the raw tables (pipelines/warehouse/raw-tables.ts).
alter table load_log add column removed_at timestamp;
alter table load_log add column removed_by integer;
