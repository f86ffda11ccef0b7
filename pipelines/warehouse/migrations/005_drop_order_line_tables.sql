-- The per-line order tables the marts used to read; int_order_months now holds the lines, classified and summed.
drop table if exists int_order_units;
drop table if exists int_order_lines;
drop table if exists int_nrdl_purchases;
