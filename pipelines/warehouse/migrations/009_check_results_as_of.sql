-- The as-of date of the marts the checks ran against (pipelines/refresh/refresh-warehouse.ts), so the data-quality
-- page says which date its results describe.
alter table check_results add column as_of date;
