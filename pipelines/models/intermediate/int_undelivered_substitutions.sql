-- 中选产品未按时配送期间采购的非中选产品: platform lines of a non-selected product that a hospital bought while a
-- line of a selected product of the same variety (generic name and dosage form) it had ordered was overdue — past
-- its order date + allowed_days (policy monitoring.supply) and not yet received (int_order_deliveries). Such a
-- hospital substituted because the selected product did not arrive: selected_share shows it beside the share, so
-- a low share is not read as the hospital's choice.
with

deliveries as (
    select * from int_order_deliveries
),

-- the days each overdue selected line was outstanding: from order date + allowed days until received (or as_of)
overdue as (
    select
        hospital_code,
        generic_name,
        dosage_form,
        order_date + allowed_days as overdue_from,
        coalesce(received_date, as_of) as overdue_until
    from deliveries
    where is_selected and date_diff('day', order_date, coalesce(received_date, as_of)) > allowed_days
),

final as (
    select
        substitutes.load_id,
        substitutes.order_id,
        substitutes.line_no,
        substitutes.hospital_code,
        substitutes.generic_name,
        substitutes.dosage_form,
        substitutes.spec,
        substitutes.enterprise,
        substitutes.order_date,
        substitutes.amount
    from deliveries as substitutes
    where not substitutes.is_selected
        and exists (
            select 1
            from overdue
            where overdue.hospital_code = substitutes.hospital_code
                and overdue.generic_name = substitutes.generic_name
                and overdue.dosage_form is not distinct from substitutes.dosage_form
                and substitutes.order_date > overdue.overdue_from
                and substitutes.order_date <= overdue.overdue_until
        )
)

select * from final
