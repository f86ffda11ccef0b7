import {join} from "node:path";
import {dateFormatter} from "../dates.js";
import type {Listing} from "../model.js";
import {formatFen, toFullWidth, withThousands} from "../money.js";
import {malformCode} from "../codes.js";
import {csvLine, TextFileWriter} from "../write/text-file.js";
import type {FileReport} from "./report.js";

const nullMarkers = ["", "-", "—", "/"];

/**
 * Listing prices of all provinces: drugs in a UTF-8 CSV with BOM and a partly filled 全国最低价 column;
 * consumables in a UTF-8 CSV without BOM and without it. A few cells carry ¥, thousands separators or
 * full-width digits, a few codes are mistyped, and a handful of rows are broken on purpose.
 */
export function writeListings(dir: string, listings: Listing[]): FileReport[] {
  const iso = dateFormatter("iso");
  const slash = dateFormatter("slash");
  const drugFile = "全国药品挂网价格汇总.csv";
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
  const deviceFile = "全国医用耗材挂网价格.csv";
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
