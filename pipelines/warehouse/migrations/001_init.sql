-- Bookkeeping: one row per file × sheet load, and every rejected cell with its reason.
create sequence load_id_seq start 1;

create table load_log (
    load_id integer primary key,
    file varchar not null,
    file_name varchar not null,
    sheet varchar,
    sha256 varchar not null,
    source varchar,
    rows_read integer not null default 0,
    rows_loaded integer not null default 0,
    rows_rejected integer not null default 0,
    rows_replaced integer not null default 0,
    status varchar not null,
    message varchar,
    started_at timestamp not null,
    finished_at timestamp
);

create table rejects (
    load_id integer not null,
    file varchar not null,
    sheet varchar,
    source_row integer,
    column_name varchar,
    value varchar,
    reason varchar not null
);

-- The raw tables files land in (raw_hospitals, raw_orders …) are created from the source contracts
-- (pipelines/sources/*.ts) after the migrations, by pipelines/warehouse/raw-tables.ts.
