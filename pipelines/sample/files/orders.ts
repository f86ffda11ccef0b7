import {join} from "node:path";
import iconv from "iconv-lite";
import {formatDate, type DateStyle} from "../dates.js";
import {malformCode} from "../codes.js";
import type {OrderLine, OrderSink} from "../generate/orders.js";
import type {Product} from "../model.js";
import {CITY} from "../reference/regions.js";
import {csvField, TextFileWriter} from "../write/text-file.js";
import type {FileReport} from "./report.js";

/** Quarter files alternate header wording and date style, as exports from different platform versions do. */
const layouts: {style: DateStyle; header: string[]}[] = [
  {
    style: "iso",
    header: [
      "订单编号",
      "明细序号",
      "医疗机构编码",
      "医保编码",
      "通用名",
      "剂型",
      "规格",
      "包装",
      "转换比",
      "生产企业",
      "采购数量",
      "采购单位",
      "采购单价（元）",
      "采购金额（元）",
      "订单日期",
      "入库日期",
      "回款日期",
      "采购方式"
    ]
  },
  {
    style: "chinese",
    header: [
      "采购订单号",
      "行号",
      "定点机构编码",
      "药品编码",
      "药品通用名",
      "剂型",
      "规格",
      "包装规格",
      "转换比",
      "生产企业名称",
      "订单数量",
      "数量单位",
      "单价",
      "金额",
      "下单日期",
      "验收日期",
      "付款日期",
      "采购类型"
    ]
  },
  {
    style: "dotted",
    header: [
      "订单号",
      "明细编号",
      "医疗机构编码",
      "医保编码",
      "通用名称",
      "剂型",
      "规格",
      "包装",
      "转换比",
      "企业名称",
      "数量",
      "单位",
      "采购价格（元）",
      "订单金额（元）",
      "采购日期",
      "入库验收日期",
      "支付日期",
      "采购渠道"
    ]
  }
];

/**
 * Purchase-order lines as GBK CSV, one file per quarter (the first and last quarters are partial). The Chinese
 * parts of a line (product fields, units, channels, 2025年1月5日 dates) are encoded to GBK once and kept as
 * one-byte "binary" strings, so a whole line is a plain string whose latin1 bytes are its GBK bytes: lines
 * are joined and written in 1 MB chunks without a per-line encoder call, which keeps ten million lines fast.
 */
export class OrderFileWriter implements OrderSink {
  readonly reports: FileReport[] = [];
  private writer: TextFileWriter | null = null;
  private quarter = "";
  private style: DateStyle = "iso";
  private dates = new Map<number, string>();
  private readonly segments: Segment[] = [];
  private readonly nrdlSegments: Segment[] = [];
  private readonly channels = new Map<string, string>();
  private fileIndex = 0;
  private readonly buffer = Buffer.allocUnsafe(1 << 20);
  private pos = 0;
  private pendingLines = 0;

  constructor(private readonly dir: string) {}

  startMonth(year: number, month: number): void {
    const quarter = `${year}Q${Math.ceil(month / 3)}`;
    if (quarter === this.quarter) return;
    this.closeFile();
    this.quarter = quarter;
    const layout = layouts[this.fileIndex++ % layouts.length];
    this.style = layout.style;
    this.dates = new Map();
    const file = `${CITY}药品耗材采购明细_${year}年第${Math.ceil(month / 3)}季度.csv`;
    this.writer = new TextFileWriter(join(this.dir, file), "gbk");
    this.writer.line(layout.header.join(","));
  }

  line(l: OrderLine): void {
    const seg = l.malformedCode
      ? encodeSegment(l.product, malformCode(l.product.code, l.qty))
      : this.segment(l.product);
    const qty = l.bad === "text-qty" ? TEXT_QTY : String(l.qty);
    const price = l.bad === "negative-price" ? `-${fen(l.priceFen)}` : fen(l.priceFen);
    const ordered =
      l.bad === "impossible-date" ? gbkBinary(impossibleDate(l.orderDate, this.style)) : this.date(l.orderDate);
    const received = l.receivedDate === null ? "" : this.date(l.receivedDate);
    const paid = l.paidDate === null ? "" : this.date(l.paidDate);
    const text = `${l.orderId},${l.lineNo},${l.hospital.code},${seg.head}${qty}${seg.unit}${price},${fen(l.amountFen)},${ordered},${received},${paid},${this.channel(l.channel)}\r\n`;
    if (this.pos + text.length > this.buffer.length) this.flush();
    this.pos += this.buffer.write(text, this.pos, "latin1");
    this.pendingLines++;
  }

  close(): FileReport[] {
    this.closeFile();
    return this.reports;
  }

  private date(d: number): string {
    let b = this.dates.get(d);
    if (b === undefined) {
      b = gbkBinary(formatDate(d, this.style));
      this.dates.set(d, b);
    }
    return b;
  }

  private channel(c: string): string {
    let b = this.channels.get(c);
    if (b === undefined) {
      b = gbkBinary(c);
      this.channels.set(c, b);
    }
    return b;
  }

  /** Cached by product index (negotiated drugs, outside the catalogue, have negative ones). */
  private segment(p: Product): Segment {
    const cache = p.index >= 0 ? this.segments : this.nrdlSegments;
    const i = p.index >= 0 ? p.index : -1 - p.index;
    let s = cache[i];
    if (s === undefined) {
      s = encodeSegment(p, p.code);
      cache[i] = s;
    }
    return s;
  }

  private flush(): void {
    if (this.pos === 0 || !this.writer) return;
    this.writer.writeRaw(this.buffer.subarray(0, this.pos), this.pendingLines);
    this.pos = 0;
    this.pendingLines = 0;
  }

  private closeFile(): void {
    if (!this.writer) return;
    this.flush();
    this.writer.close();
    const file = this.writer.path.slice(this.dir.length + 1);
    this.reports.push({file, source: "orders", rows: this.writer.lines - 1, bytes: this.writer.bytes, encoding: "gbk"});
    this.writer = null;
  }
}

interface Segment {
  /** The product columns (code … enterprise) and a trailing comma, as GBK bytes in a binary string. */
  head: string;
  /** The pack unit between commas, likewise. */
  unit: string;
}

const gbkBinary = (text: string) => iconv.encode(text, "gbk").toString("latin1");
const TEXT_QTY = gbkBinary("十二");

function encodeSegment(p: Product, code: string): Segment {
  return {head: gbkBinary(`${productSegment(p, code)},`), unit: gbkBinary(`,${p.packUnit},`)};
}

const productSegment = (p: Product, code: string) =>
  [code, p.generic, p.form ?? "", p.spec, p.pack, p.conversionRatio, p.enterprise].map(csvField).join(",");

/** Integer fen as yuan with two decimals, without BigInt (amounts stay far below 2^53 fen). */
function fen(value: number): string {
  const cents = value % 100;
  return `${(value - cents) / 100}.${cents < 10 ? "0" : ""}${cents}`;
}

/** February 30th of the line's year, in the file's own date style. */
function impossibleDate(d: number, style: DateStyle): string {
  const year = new Date(d * 86_400_000).getUTCFullYear();
  if (style === "chinese") return `${year}年2月30日`;
  if (style === "dotted") return `${year}.2.30`;
  return `${year}-02-30`;
}
