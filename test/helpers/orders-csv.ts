import {createWriteStream} from "node:fs";
import {once} from "node:events";

export interface OrdersCsv {
  rows: number;
  /** Rows the loader must reject (a quantity written in words every 997th line). */
  rejected: number;
}

const header =
  "订单编号,订单明细号,医疗机构编码,医保编码,通用名,规格,采购数量,采购价格（元）,采购金额（元）,订单日期,采购方式";
const names = ["阿莫西林胶囊", "头孢呋辛酯片", "氨氯地平片", "二甲双胍缓释片", "阿托伐他汀钙片", "布洛芬缓释胶囊"];

/**
 * A deterministic platform orders CSV of `rows` data lines (UTF-8), for loads large enough to interrupt: order
 * ids carry `prefix` so several files never share a key.
 */
export async function writeOrdersCsv(path: string, rows: number, prefix = "PO"): Promise<OrdersCsv> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  await write(header + "\r\n");
  let rejected = 0;
  let chunk = "";
  for (let i = 1; i <= rows; i++) {
    const qty = (i % 50) + 1;
    const cents = 100 + ((i * 37) % 9000);
    const price = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
    const amountCents = qty * cents;
    const amount = `${Math.floor(amountCents / 100)}.${String(amountCents % 100).padStart(2, "0")}`;
    const day = 1 + (i % 28);
    const bad = i % 997 === 0;
    if (bad) rejected++;
    chunk += `${prefix}${Math.ceil(i / 3)},${((i - 1) % 3) + 1},H${String(1 + (i % 40)).padStart(3, "0")},XA${String(i % 500).padStart(4, "0")},${names[i % names.length]},10mg,${bad ? "若干" : qty},${price},${amount},2025-${String(1 + (i % 12)).padStart(2, "0")}-${String(day).padStart(2, "0")},${i % 4 === 0 ? "挂网" : "带量"}\r\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  out.end();
  await once(out, "finish");
  return {rows, rejected};
}
