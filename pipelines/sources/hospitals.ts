import {hospitalCodeColumn, type SourceContract} from "./contract.js";

export const hospitals: SourceContract = {
  kind: "hospitals",
  label: "定点医疗机构",
  table: "raw_hospitals",
  columns: [
    {...hospitalCodeColumn, required: true},
    {
      name: "name",
      aliases: ["机构名称", "医疗机构名称", "定点机构名称", "医院名称", "name", "hospital_name"],
      type: "text",
      required: true
    },
    {
      name: "level",
      aliases: ["等级", "医院等级", "机构等级", "level"],
      type: "text",
      canonical: "jc_hospital_level",
      allowed: ["一级", "二级", "三级", "未定级"]
    },
    {
      name: "ownership",
      aliases: ["经营性质", "所有制", "性质", "ownership"],
      type: "text",
      canonical: "jc_ownership",
      allowed: ["公立", "民营"]
    },
    {name: "region", aliases: ["区县", "所属区县", "行政区划", "区域", "城市", "region", "district"], type: "text"},
    {name: "mi_pay_ratio", aliases: ["医保实际支付比例", "医保支付比例", "mi_pay_ratio"], type: "ratio"},
    {
      name: "kind",
      aliases: ["机构类别", "机构类型", "类别", "kind"],
      type: "text",
      canonical: "jc_institution_kind",
      allowed: ["医院", "基层", "药店"]
    }
  ],
  key: ["hospital_code"]
};
