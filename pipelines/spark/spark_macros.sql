-- Spark's bodies for the macros of pipelines/models/macros.sql whose DuckDB body is a speed path: DuckDB rounds
-- a 128-bit decimal slowly, so there jc_mul, jc_round2 and jc_round4 take a 64-bit route for values that fit,
-- and DuckDB divides decimals as DOUBLE, so jc_div divides in 128-bit integers. Each body here is the plain
-- arithmetic those routes compute (exact, rounded half away from zero); test/spark/spark-macros.test.ts checks
-- on DuckDB that both bodies give the same values. Written in DuckDB's dialect like the models, and translated
-- with them.

create or replace macro jc_mul(a, b) as
cast(cast(a as decimal(38, 6)) * b as decimal(38, 6));

create or replace macro jc_round2(x) as
cast(x as decimal(38, 2));

create or replace macro jc_round4(x) as
cast(x as decimal(38, 4));

-- Spark divides DECIMAL(38,6) by DECIMAL(38,6) exactly and rounds half up to 6 places; try_divide gives NULL
-- for 0 where plain division fails in ANSI mode, and try_cast NULL for a quotient of 10^12 and more
create or replace macro jc_div(a, b) as
case
    when b is null or b = 0 then null
    else try_cast(try_divide(cast(a as decimal(38, 6)), cast(b as decimal(38, 6))) as decimal(18, 6))
end;
