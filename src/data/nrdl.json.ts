// 国谈药品: every catalogue entry with its agreement status and purchases over all hospitals (nrdl_monitor at
// level 全部), landing rate per hospital level for drugs in agreement, and totals per level with the share of
// institutions that buy negotiated drugs at all (nrdl_hospital_uptake).
import {packRows} from "../components/packed.js";
import {martLabels} from "./labels.js";
import {emitJson} from "./warehouse.js";

const drugColumns = [
  "nrdl_year",
  "drug_code",
  "drug_name",
  "dosage_form",
  "payment_standard",
  "standard_unit",
  "restriction",
  "dual_channel",
  "agreement_start",
  "agreement_end",
  "is_active",
  "days_to_expiry",
  "is_expiring_soon",
  "target_hospitals",
  "hospitals_purchasing",
  "landing_rate",
  "purchased_amount",
  "lines_above_standard",
  "amount_above_standard"
] as const;

await emitJson(async (warehouse) => {
  const [params] = await warehouse.query("select as_of, expiry_warning_days from policy_params");
  if (!params) throw new Error("数据集市尚未生成：先运行 npx jicai refresh");
  const drugs = await warehouse.query(`
    select ${drugColumns.join(", ")}
    from nrdl_monitor
    where hospital_level = '全部'
    order by days_to_expiry nulls last, drug_name, nrdl_year`);
  const landing = await warehouse.query(`
    select drug_code, hospital_level, landing_rate, hospitals_purchasing
    from nrdl_monitor
    where is_active and hospital_level <> '全部'
    order by drug_code, hospital_level`);
  // Institutions that bought any drug in agreement, per level and over all (nrdl_hospital_uptake): a drug's
  // landing rate averaged over hundreds of drugs cannot say how many institutions buy negotiated drugs at all.
  const levels = await warehouse.query(`
    with drugs as (
      select hospital_level,
             any_value(target_hospitals)::integer as target_hospitals,
             count(*)::integer as active_drugs,
             (count(*) filter (where hospitals_purchasing > 0))::integer as drugs_bought,
             avg(landing_rate) as mean_landing_rate,
             sum(purchased_amount) as purchased_amount,
             sum(lines_above_standard)::integer as lines_above_standard,
             sum(amount_above_standard) as amount_above_standard
      from nrdl_monitor
      where is_active
      group by hospital_level
    ),
    uptake as (
      select hospital_level, (count(*) filter (where buys_nrdl))::integer as buying_hospitals
      from nrdl_hospital_uptake group by hospital_level
      union all
      select '全部', (count(*) filter (where buys_nrdl))::integer from nrdl_hospital_uptake
    )
    select drugs.*, coalesce(uptake.buying_hospitals, 0) as buying_hospitals,
           coalesce(uptake.buying_hospitals, 0) / nullif(drugs.target_hospitals, 0) as buying_share
    from drugs left join uptake using (hospital_level)
    order by case hospital_level when '三级' then 1 when '二级' then 2 when '一级' then 3 when '全部' then 9 else 5 end`);
  return {
    params,
    drugs: packRows(drugs),
    landing: packRows(landing),
    levels,
    labels: martLabels("nrdl_monitor", drugColumns)
  };
});
