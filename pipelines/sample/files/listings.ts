import {join} from "node:path";
import {dateFormatter} from "../dates.js";
import type {Listing} from "../model.js";
import {formatFen, toFullWidth, withThousands} from "../money.js";
import {malformCode} from "../codes.js";
import {csvLine, TextFileWriter} from "../write/text-file.js";
import type {FileReport} from "./report.js";

const nullMarkers = ["", "-", "—", "/"];

/** The national listing files are the prices valid from this day (in their names, as the loader reads it). */
export const LISTINGS_VALID_FROM = "2026-09-01";
/** The home province's price adjustment: a second version of some listings. */
export const ADJUSTMENT_VALID_FROM = "2026-10-15";
/** New price ÷ old of the adjusted listings in turn: rises below, at and above 10 %, a fall, a doubling. */
const adjustmentFactors = [1.05, 1.25, 1.1, 1.6, 0.92, 1.15, 2.1, 1.02];

/**
 * Listing prices of all provinces: drugs in a UTF-8 CSV with BOM and a partly filled 全国最低价 column;
 * consumables in a UTF-8 CSV without BOM and without it. A few cells carry ¥, thousands separators or
 * full-width digits, a few codes are mistyped, and a handful of rows are broken on purpose.
 */
export function writeListings(dir: string, listings: Listing[]): FileReport[] {
  const iso = dateFormatter("iso");
  const slash = dateFormatter("slash");
  const drugFile = `全国药品挂网价格汇总_${LISTINGS_VALID_FROM}.csv`;
  const drugs = new TextFileWriter(join(dir, drugFile), "utf8-bom");
  drugs.line(
    csvLine([
      "省份",
      "医保药品编码",
      "通用名",
      "剂型",
      "规格",
      "包装",
      "转换比",
      "生产企业",
      "产品类别",
      "挂网价格（元）",
      "全国最低价（元）",
      "挂网状态",
      "挂网日期"
    ])
  );
  const deviceFile = `全国医用耗材挂网价格_${LISTINGS_VALID_FROM}.csv`;
  const devices = new TextFileWriter(join(dir, deviceFile), "utf8");
  devices.line(
    csvLine([
      "挂网省份",
      "医保耗材编码",
      "耗材名称",
      "规格型号",
      "包装",
      "生产企业",
      "类别",
      "挂网价",
      "状态",
      "挂网时间"
    ])
  );

  listings.forEach((l, i) => {
    const p = l.product;
    const code = i % 487 === 13 ? malformCode(p.code, i) : p.code;
    const price = messyPrice(l.priceFen, i);
    if (p.category === "药品") {
      const lowest =
        l.nationalLowestFen === null ? nullMarkers[i % nullMarkers.length] : formatFen(l.nationalLowestFen);
      drugs.line(
        csvLine([
          l.province,
          code,
          p.generic,
          p.form,
          p.spec,
          p.pack,
          p.conversionRatio,
          p.enterprise,
          "药品",
          price,
          lowest,
          l.status,
          iso(l.listedDate)
        ])
      );
      if (i % 1733 === 7)
        drugs.line(
          csvLine([
            l.province,
            code,
            p.generic,
            p.form,
            p.spec,
            `${p.pack}（赠品装）`,
            p.conversionRatio,
            p.enterprise,
            "药品",
            i % 2 ? "待议价" : `-${formatFen(l.priceFen)}`,
            "",
            "挂网",
            iso(l.listedDate)
          ])
        );
    } else {
      devices.line(
        csvLine([
          l.province,
          code,
          p.generic,
          p.spec,
          p.pack,
          p.enterprise,
          "医用耗材",
          price,
          i % 97 === 5 ? "—" : l.status,
          slash(l.listedDate)
        ])
      );
      if (i % 2411 === 11)
        devices.line(
          csvLine([
            l.province,
            code,
            p.generic,
            `${p.spec}（停产）`,
            p.pack,
            p.enterprise,
            "医用耗材",
            "-1.00",
            "撤网",
            slash(l.listedDate)
          ])
        );
    }
  });
  drugs.close();
  devices.close();
  return [
    {file: drugFile, source: "listing-prices", rows: drugs.lines - 1, bytes: drugs.bytes, encoding: "utf8-bom"},
    {file: deviceFile, source: "listing-prices", rows: devices.lines - 1, bytes: devices.bytes, encoding: "utf8"}
  ];
}

/**
 * The home province's price adjustment of ADJUSTMENT_VALID_FROM: every 29th listed drug of the home province at a
 * new price (adjustmentFactors in turn), a second version beside the national file's, and one new pack.
 */
export function writeListingAdjustments(dir: string, listings: Listing[], homeProvince: string): FileReport {
  const file = `${homeProvince}药品挂网价格调整_${ADJUSTMENT_VALID_FROM}.csv`;
  const out = new TextFileWriter(join(dir, file), "utf8-bom");
  out.line(csvLine(["省份", "医保药品编码", "通用名", "剂型", "规格", "包装", "转换比", "生产企业", "挂网价格（元）"]));
  const home = listings.filter(
    (l) => l.province === homeProvince && l.product.category === "药品" && l.status === "挂网"
  );
  const adjusted = home.filter((_, i) => i % 29 === 3);
  adjusted.forEach((l, i) => {
    const p = l.product;
    const factor = adjustmentFactors[i % adjustmentFactors.length]!;
    const price = formatFen(Math.max(1, Math.round(l.priceFen * factor)));
    out.line(csvLine([l.province, p.code, p.generic, p.form, p.spec, p.pack, p.conversionRatio, p.enterprise, price]));
  });
  // a new double pack of the first adjusted product at three times its price: above the 差比价 limit of
  // 1.95 × the single pack, a first price rise
  const first = adjusted[0];
  if (first) {
    const p = first.product;
    const pack = `${p.conversionRatio * 2}${p.unit}/${p.packUnit}`;
    const price = formatFen(first.priceFen * 3);
    out.line(
      csvLine([first.province, p.code, p.generic, p.form, p.spec, pack, p.conversionRatio * 2, p.enterprise, price])
    );
  }
  out.close();
  return {file, source: "listing-prices", rows: out.lines - 1, bytes: out.bytes, encoding: "utf8-bom"};
}

/** Mostly plain "12.50"; now and then ¥12.50, 1,234.50 or full-width １２．５０ as typed by hand. */
function messyPrice(fen: number, i: number): string {
  const plain = formatFen(fen);
  switch (i % 211) {
    case 3:
      return `¥${plain}`;
    case 5:
      return withThousands(plain);
    case 7:
      return toFullWidth(plain);
    default:
      return fen >= 100_000 && i % 13 === 0 ? withThousands(plain) : plain;
  }
}
