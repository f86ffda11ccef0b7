-- How each sheet was read, for the load line and the data-quality page: the header cells no column took, the
-- rows whose blank "same as above" cells were filled from the row above, and the column mapping file used.
alter table load_log add column ignored_columns varchar[];
alter table load_log add column rows_filled integer default 0;
alter table load_log add column mapping_file varchar;
