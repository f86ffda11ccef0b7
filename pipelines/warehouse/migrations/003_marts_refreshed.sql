-- The newest load the marts were rebuilt from, written after each refresh that `jicai load` runs. A load that
-- committed but was interrupted before its refresh leaves load_log ahead of this, and the next `jicai load`
-- refreshes even when every file is unchanged.
create table marts_refreshed (
    through_load_id integer not null,
    refreshed_at timestamp not null
);
