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

-- 定点医疗机构 (hospitals)
create table stg_hospitals (
    load_id integer not null,
    source_file varchar not null,
    sheet varchar,
    source_row integer not null,
    hospital_code varchar,
    name varchar,
    level varchar,
    ownership varchar,
    region varchar,
    mi_pay_ratio decimal(9,6),
    kind varchar
);

-- 采购批次 (batches)
create table stg_batches (
    load_id integer not null,
    source_file varchar not null,
    sheet varchar,
    source_row integer not null,
    batch_id varchar,
    name varchar,
    level varchar,
    category varchar,
    bid_date date,
    exec_start date,
    cycle_end date
);

-- 集采中选结果 (batch-results)
create table stg_batch_results (
    load_id integer not null,
    source_file varchar not null,
    sheet varchar,
    source_row integer not null,
    batch varchar,
    generic_name varchar,
    dosage_form varchar,
    spec varchar,
    pack varchar,
    conversion_ratio decimal(18,6),
    enterprise varchar,
    product_code varchar,
    selected boolean,
    price_per_pack decimal(18,6),
    price_per_unit decimal(18,6),
    ceiling_price_unit decimal(18,6),
    pre_vbp_price_unit decimal(18,6),
    supply_provinces varchar,
    supply_role varchar
);

-- 约定采购量 (agreed-volumes)
create table stg_agreed_volumes (
    load_id integer not null,
    source_file varchar not null,
    sheet varchar,
    source_row integer not null,
    batch varchar,
    hospital_code varchar,
    region varchar,
    generic_name varchar,
    dosage_form varchar,
    spec varchar,
    enterprise varchar,
    product_code varchar,
    year_index integer,
    reported_qty decimal(18,6),
    agreed_qty decimal(18,6),
    unit varchar
);

-- 平台采购明细 (orders)
create table stg_orders (
    load_id integer not null,
    source_file varchar not null,
    sheet varchar,
    source_row integer not null,
    order_id varchar,
    line_no integer,
    hospital_code varchar,
    product_code varchar,
    generic_name varchar,
    dosage_form varchar,
    spec varchar,
    pack varchar,
    conversion_ratio decimal(18,6),
    enterprise varchar,
    qty decimal(18,6),
    qty_unit varchar,
    unit_price decimal(18,6),
    amount decimal(18,6),
    order_date date,
    received_date date,
    paid_date date,
    channel varchar
);

-- 挂网价格 (listing-prices)
create table stg_listing_prices (
    load_id integer not null,
    source_file varchar not null,
    sheet varchar,
    source_row integer not null,
    province varchar,
    product_code varchar,
    generic_name varchar,
    dosage_form varchar,
    spec varchar,
    pack varchar,
    conversion_ratio decimal(18,6),
    enterprise varchar,
    category varchar,
    listed_price decimal(18,6),
    national_lowest decimal(18,6),
    status varchar,
    listed_date date
);

-- 国谈药品目录 (nrdl)
create table stg_nrdl (
    load_id integer not null,
    source_file varchar not null,
    sheet varchar,
    source_row integer not null,
    nrdl_year integer,
    drug_code varchar,
    drug_name varchar,
    dosage_form varchar,
    payment_standard decimal(18,6),
    standard_unit varchar,
    restriction varchar,
    agreement_start date,
    agreement_end date,
    dual_channel boolean
);

-- 结余留用返还 (surplus-returns)
create table stg_surplus_returns (
    load_id integer not null,
    source_file varchar not null,
    sheet varchar,
    source_row integer not null,
    hospital_code varchar,
    batch varchar,
    period varchar,
    assessment_score decimal(18,6),
    paid_amount decimal(18,6),
    paid_date date
);


