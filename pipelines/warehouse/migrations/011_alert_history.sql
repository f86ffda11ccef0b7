-- The alerts of each as-of date a refresh computed (the alerts mart without resolved ones), rewritten when the
-- same date is refreshed again; the alerts mart compares with the latest earlier date to tell new alerts from
-- continuing ones and to list those resolved since (pipelines/refresh/record-alerts.ts).
create table alert_history (
    as_of date not null,
    alert_kind varchar not null,
    severity varchar not null,
    enterprise varchar,
    generic_name varchar,
    dosage_form varchar,
    spec varchar,
    pack varchar,
    product_code varchar,
    hospital_code varchar,
    hospital_name varchar,
    batch_id varchar,
    since date,
    figure decimal(38, 6),
    detail varchar,
    rule varchar,
    action varchar,
    source varchar,
    recorded_at timestamp not null
);
