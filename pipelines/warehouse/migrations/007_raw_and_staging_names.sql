-- Names as dbt uses them: the tables files land in are raw_* (they were stg_*), and the staging models that
-- rename and cast them are stg_* views (they were base_*). The old views are dropped here; the next refresh
-- builds the staging views under their new names, and model state kept under the old names is forgotten. A
-- warehouse made since has no stg_* tables: its raw tables come from the source contracts (raw-tables.ts).
drop view if exists base_hospitals;
drop view if exists base_batches;
drop view if exists base_batch_results;
drop view if exists base_agreed_volumes;
drop view if exists base_orders;
drop view if exists base_listing_prices;
drop view if exists base_nrdl;
drop view if exists base_surplus_returns;
alter table if exists stg_hospitals rename to raw_hospitals;
alter table if exists stg_batches rename to raw_batches;
alter table if exists stg_batch_results rename to raw_batch_results;
alter table if exists stg_agreed_volumes rename to raw_agreed_volumes;
alter table if exists stg_orders rename to raw_orders;
alter table if exists stg_listing_prices rename to raw_listing_prices;
alter table if exists stg_nrdl rename to raw_nrdl;
alter table if exists stg_surplus_returns rename to raw_surplus_returns;
delete from model_state where starts_with(name, 'base_');
delete from model_loads where starts_with(name, 'base_');
