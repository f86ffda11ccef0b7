-- Incremental models (`materialized: incremental`, see pipelines/runner/incremental.ts). model_state holds,
-- per model, the fingerprint of everything it read besides the order lines when it was last built; model_loads
-- the loads whose lines it holds and how many rows each load had in stg_orders then. A refresh rebuilds a model
-- whose fingerprint changed and otherwise reads only the loads that are new or whose row count changed (a
-- corrected file replaced some of their rows, or the load is gone).
create table model_state (
    name varchar not null,
    fingerprint varchar not null,
    refreshed_at timestamp not null
);

create table model_loads (
    name varchar not null,
    load_id integer not null,
    rows bigint not null
);
