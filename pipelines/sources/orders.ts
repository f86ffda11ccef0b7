import {hospitalCodeColumn, productColumns as p, type SourceContract} from "./contract.js";

export const orders: SourceContract = {
  kind: "orders",
  label: "平台采购明细",
  table: "raw_orders",
  columns: [
    {name: "order_id", aliases: ["订单编号", "采购订单号", "订单号", "order_id"], type: "code", required: true},
    {
      name: "line_no",
      aliases: ["订单明细号", "明细序号", "行号", "明细编号", "line_no"],
      type: "integer",
      defaultSql: "1"
    },
    {...hospitalCodeColumn, required: true},
    p.product_code,
    p.generic_name,
    p.dosage_form,
    p.spec,
    p.pack,
    p.conversion_ratio,
    p.enterprise,
    {name: "qty", aliases: ["采购数量", "订单数量", "数量", "qty"], type: "decimal", required: true, check: "positive"},
    {name: "qty_unit", aliases: ["采购单位", "数量单位", "单位", "qty_unit"], type: "text"},
    {
      name: "unit_price",
      aliases: ["采购价格", "采购单价", "单价", "unit_price"],
      type: "decimal",
      required: true,
      check: "positive"
    },
    {name: "amount", aliases: ["采购金额", "订单金额", "金额", "amount"], type: "decimal", check: "nonNegative"},
    {name: "order_date", aliases: ["订单日期", "下单日期", "采购日期", "order_date"], type: "date", required: true},
    {name: "received_date", aliases: ["入库日期", "验收日期", "入库验收日期", "received_date"], type: "date"},
    {name: "paid_date", aliases: ["回款日期", "支付日期", "付款日期", "paid_date"], type: "date"},
    {
      name: "channel",
      aliases: ["采购方式", "采购渠道", "采购类型", "channel"],
      type: "text",
      canonical: "jc_channel",
      allowed: ["带量", "挂网", "线下"]
    }
  ],
  key: ["order_id", "line_no"]
};
