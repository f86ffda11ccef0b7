-- `jicai unload` and a corrected file loaded again remove loads; the load_log row stays as the audit trail, with
-- status 'unloaded' (jicai unload) or 'superseded' (a new version of the same file replaced it), when, and which
-- load superseded it.
alter table load_log add column removed_at timestamp;
alter table load_log add column removed_by integer;

-- Rows a later load replaced (a row with the same natural key, or every row of a superseded earlier version of
-- the file), with that load in replaced_by: unloading it puts them back, so `jicai unload` restores the warehouse
-- as it was before the load; and earlier versions stay readable (a listing's price history).
create table replaced_hospitals as select *, null::integer as replaced_by from raw_hospitals limit 0;
create table replaced_batches as select *, null::integer as replaced_by from raw_batches limit 0;
create table replaced_batch_results as select *, null::integer as replaced_by from raw_batch_results limit 0;
create table replaced_agreed_volumes as select *, null::integer as replaced_by from raw_agreed_volumes limit 0;
create table replaced_orders as select *, null::integer as replaced_by from raw_orders limit 0;
create table replaced_listing_prices as select *, null::integer as replaced_by from raw_listing_prices limit 0;
create table replaced_nrdl as select *, null::integer as replaced_by from raw_nrdl limit 0;
create table replaced_surplus_returns as select *, null::integer as replaced_by from raw_surplus_returns limit 0;
