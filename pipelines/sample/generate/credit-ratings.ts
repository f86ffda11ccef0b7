import {day} from "../dates.js";
import type {Product} from "../model.js";
import type {OrderLine, OrderSink} from "./orders.js";

/** One published credit rating of an enterprise (信用评级), as the sample's ratings file lists it. */
export interface CreditRating {
  province: string;
  enterprise: string;
  ratingDate: number;
  level: string;
  caseSummary: string | null;
  caseProducts: string | null;
  disposition: string | null;
  repaired: boolean;
}

/** Ratings count purchases from this day on, so the enterprises rated are ones the city still buys from. */
const TALLY_FROM = day("2026-06-01");

/** Counts platform lines per enterprise and product from TALLY_FROM while the orders stream past. */
export class EnterpriseTally implements OrderSink {
  readonly lines = new Map<string, Map<Product, number>>();

  constructor(private readonly next: OrderSink) {}

  startMonth(year: number, month: number): void {
    this.next.startMonth(year, month);
  }

  line(line: OrderLine): void {
    this.next.line(line);
    if (line.bad || line.channel === "线下" || line.orderDate < TALLY_FROM) return;
    const products = this.lines.get(line.product.enterprise) ?? new Map<Product, number>();
    products.set(line.product, (products.get(line.product) ?? 0) + 1);
    this.lines.set(line.product.enterprise, products);
  }
}

/**
 * Five ratings that exercise the credit rules, of the enterprises bought from most since June 2026 (ties by
 * name): a 严重失信 of the first's most-bought product (case products only), a 特别严重 under the 2020 rules of
 * the second (every product), a 一般失信 record, a repaired 严重失信, and another province's 特别严重失信.
 */
export function generateCreditRatings(tally: EnterpriseTally, homeProvince: string): CreditRating[] {
  const ranked = [...tally.lines]
    .map(([enterprise, products]) => ({enterprise, products, total: [...products.values()].reduce((a, b) => a + b, 0)}))
    .sort((a, b) => b.total - a.total || a.enterprise.localeCompare(b.enterprise));
  const topProduct = (products: Map<Product, number>) =>
    [...products].sort((a, b) => b[1] - a[1] || a[0].code.localeCompare(b[0].code))[0]![0].generic;
  const plans: Omit<CreditRating, "enterprise" | "caseProducts">[] = [
    {
      province: homeProvince,
      ratingDate: day("2026-07-15"),
      level: "严重失信",
      caseSummary: "在医药购销中给予回扣",
      disposition: "取消涉案产品挂网和配送资格",
      repaired: false
    },
    {
      province: homeProvince,
      ratingDate: day("2026-08-20"),
      level: "特别严重",
      caseSummary: "虚假申报价格、操纵市场价格",
      disposition: "中止全部产品在本省的挂网和配送资格",
      repaired: false
    },
    {
      province: homeProvince,
      ratingDate: day("2026-06-10"),
      level: "一般失信",
      caseSummary: "未按规定报送价格变动信息",
      disposition: "书面提醒告诫",
      repaired: false
    },
    {
      province: homeProvince,
      ratingDate: day("2026-06-20"),
      level: "严重（失信）",
      caseSummary: "在医药购销中给予回扣",
      disposition: "取消涉案产品挂网和配送资格",
      repaired: true
    },
    {
      province: "河北省",
      ratingDate: day("2026-07-01"),
      level: "特别严重失信",
      caseSummary: "涉嫌垄断、操纵价格",
      disposition: "取消全部产品挂网和配送资格",
      repaired: false
    }
  ];
  return plans.flatMap((plan, i) => {
    const rated = ranked[i];
    if (!rated) return [];
    const caseProducts = i === 0 || i === 3 ? topProduct(rated.products) : null;
    return [{...plan, enterprise: rated.enterprise, caseProducts}];
  });
}
