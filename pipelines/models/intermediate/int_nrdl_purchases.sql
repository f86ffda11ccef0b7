-- Order lines of negotiated drugs (国谈药) bought while the drug's agreement was in force, each matched to one
-- catalogue entry (by code, else by name + form, the nearest strength and the latest catalogue year), with
-- the payment standard for the line's strength: standard per unit × K_content(strength ratio).
with

lines as (
    select * from int_order_units
),

nrdl as (
    select * from base_nrdl
),

params as (
    select * from policy_params
),

candidates as (
    select lines.*, nrdl.nrdl_year, nrdl.drug_name, nrdl.standard_unit, nrdl.payment_standard_unit,
        nrdl.content_amount as standard_content_amount, nrdl.content_unit as standard_content_unit,
        nrdl.agreement_start, nrdl.agreement_end, 1 as match_rank
    from lines
    inner join nrdl on lines.product_code = nrdl.drug_code
    union all
    select lines.*, nrdl.nrdl_year, nrdl.drug_name, nrdl.standard_unit, nrdl.payment_standard_unit,
        nrdl.content_amount, nrdl.content_unit, nrdl.agreement_start, nrdl.agreement_end, 2 as match_rank
    from lines
    inner join nrdl
        on lines.generic_name = nrdl.drug_name
        and (lines.dosage_form is null or nrdl.dosage_form is null or lines.dosage_form = nrdl.dosage_form)
),

in_agreement as (
    select *
    from candidates
    where (agreement_start is null or order_date >= agreement_start)
        and (agreement_end is null or order_date <= agreement_end)
    qualify row_number() over (
        partition by order_id, line_no
        order by match_rank, (content_amount = standard_content_amount) desc nulls last, nrdl_year desc
    ) = 1
),

final as (
    select
        in_agreement.*,
        cast(payment_standard_unit * jm_difference_k(
            params.content_k,
            case
                when content_amount > 0 and standard_content_amount > 0 and content_unit = standard_content_unit
                    then content_amount / standard_content_amount
            end
        ) as decimal(18, 6)) as standard_limit_unit
    from in_agreement
    cross join params
)

select * from final
