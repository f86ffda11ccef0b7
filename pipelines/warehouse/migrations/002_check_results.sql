-- Outcome of the last `jicai check` (and of the checks run after each refresh), one row per check, for the
-- data-quality page.
create table check_results (
    check_name varchar primary key,
    description varchar not null,
    severity varchar not null,
    passed boolean not null,
    rows_failing integer not null,
    sample varchar,
    error varchar,
    run_at timestamp not null
);
