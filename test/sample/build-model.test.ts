import {beforeAll, describe, expect, it} from "vitest";
import {buildSampleModel, type SampleModel} from "../../pipelines/sample/build-model.js";
import {isWellFormedCode} from "../../pipelines/sample/codes.js";
import {day, yearEnd} from "../../pipelines/sample/dates.js";
import {meanSelectedCut} from "../../pipelines/sample/generate/batches.js";
import {overLimitShare} from "../../pipelines/sample/generate/listings.js";
import {generateOrders, type OrderLine} from "../../pipelines/sample/generate/orders.js";
import {generateSurplusReturns} from "../../pipelines/sample/generate/surplus-returns.js";
import {listingProvinces} from "../../pipelines/sample/reference/provinces.js";
import {Rng} from "../../pipelines/sample/rng.js";

let model: SampleModel;
beforeAll(() => {
  model = buildSampleModel({seed: 1, scale: 1});
});

describe("sample model at scale 1", () => {
  it("has the sizes of a city: ≥ 250 institutions of every kind, ≥ 8 batches, ≥ 3,000 drugs, ≥ 5,000 consumables, ≥ 400 negotiated drugs", () => {
    expect(model.hospitals.length).toBeGreaterThanOrEqual(250);
    for (const kind of ["医院", "基层", "药店"]) expect(model.hospitals.some((h) => h.kind === kind)).toBe(true);
    const privateHospitals = model.hospitals.filter((h) => h.ownership === "民营" && h.kind === "医院").length;
    expect(privateHospitals).toBeGreaterThanOrEqual(10);
    expect(new Set(model.hospitals.map((h) => h.code)).size).toBe(model.hospitals.length);
    expect(model.batches.length).toBeGreaterThanOrEqual(8);
    const listed = new Set(model.listings.map((l) => l.product));
    expect([...listed].filter((p) => p.category === "药品").length).toBeGreaterThanOrEqual(3000);
    expect([...listed].filter((p) => p.category === "耗材").length).toBeGreaterThanOrEqual(5000);
    expect(new Set(model.listings.map((l) => l.province))).toEqual(new Set(listingProvinces));
    expect(model.nrdl.length).toBeGreaterThanOrEqual(400);
  });

  it("pays 55–85% of the cost by insurance, by level", () => {
    for (const h of model.hospitals) {
      expect(h.miPayRatio).toBeGreaterThanOrEqual(5000);
      expect(h.miPayRatio).toBeLessThanOrEqual(8500);
    }
    const mean = (level: string) => {
      const hs = model.hospitals.filter((h) => h.level === level && h.kind === "医院");
      return hs.reduce((s, h) => s + h.miPayRatio, 0) / hs.length;
    };
    expect(mean("三级")).toBeLessThan(mean("二级"));
    expect(mean("二级")).toBeLessThan(mean("一级"));
  });

  it("cuts prices like the published batches: drug batch means 45–62%, some products above 90%", () => {
    for (const batch of model.batches) {
      const cut = meanSelectedCut(batch);
      if (batch.spec.category === "药品") {
        expect(cut, batch.spec.name).toBeGreaterThanOrEqual(0.45);
        expect(cut, batch.spec.name).toBeLessThanOrEqual(0.62);
      } else expect(cut, batch.spec.name).toBeGreaterThanOrEqual(0.5);
      const bids = batch.varieties.flatMap((v) => v.bids);
      expect(
        bids.some((b) => !b.selected),
        `${batch.spec.name} has non-selected bids`
      ).toBe(true);
      for (const b of bids) {
        expect(b.priceUnit).toBeLessThanOrEqual(b.ceilingUnit);
        expect(b.priceUnit).toBeLessThan(b.preVbpUnit);
        expect(Math.abs(b.priceUnit * b.product.conversionRatio - b.pricePackFen * 100)).toBeLessThanOrEqual(
          b.product.conversionRatio
        );
      }
    }
    const cuts = model.batches.flatMap((b) =>
      b.varieties.flatMap((v) => v.bids.filter((x) => x.selected).map((x) => 1 - x.priceUnit / x.preVbpUnit))
    );
    expect(cuts.some((c) => c > 0.9)).toBe(true);
    const stents = model.batches.find((b) => b.spec.name === "国家组织冠脉支架集采")!;
    expect(meanSelectedCut(stents)).toBeGreaterThan(0.85);
  });

  it("agrees 50–90% of reported demand", () => {
    for (const av of model.agreedVolumes) {
      const share = av.agreedUnits / av.reportedUnits;
      if (av.reportedUnits >= 100) {
        expect(share).toBeGreaterThanOrEqual(0.49);
        expect(share).toBeLessThanOrEqual(0.91);
      }
    }
  });

  it("gives agreed volumes for every procurement year a batch has reached by 2026-10-31, as bureaus receive them", () => {
    const asOf = day("2026-10-31");
    for (const batch of model.batches) {
      const reached = [1, 2, 3, 4].filter(
        (k) => yearEnd(batch.execStart, k - 1) + 1 <= Math.min(asOf, day(batch.spec.cycleEnd))
      );
      const years = new Set(model.agreedVolumes.filter((av) => av.batch === batch).map((av) => av.yearIndex));
      expect([...years].sort(), batch.spec.id).toEqual(reached);
    }
    // 9 of the 10 batches are past year 1; a later year keeps year 1's products at a changed quantity, and a few
    // institutions never reported it
    expect(model.batches.filter((b) => yearEnd(b.execStart) < asOf).length).toBe(9);
    const key = (av: SampleModel["agreedVolumes"][number]) =>
      `${av.batch.spec.id}|${av.hospital.code}|${av.bid.product.code}`;
    const firstYear = new Map(model.agreedVolumes.filter((av) => av.yearIndex === 1).map((av) => [key(av), av]));
    const later = model.agreedVolumes.filter((av) => av.yearIndex === 2);
    for (const av of later) {
      const first = firstYear.get(key(av))!;
      expect(first).toBeDefined();
      expect(av.agreedUnits / first.agreedUnits).toBeGreaterThan(0.9);
      expect(av.agreedUnits / first.agreedUnits).toBeLessThan(1.2);
      expect(av.agreedUnits).toBeLessThanOrEqual(av.reportedUnits);
    }
    const pairs = (rows: SampleModel["agreedVolumes"]) =>
      new Set(rows.map((av) => `${av.batch.spec.id}|${av.hospital.code}`));
    const expectedPairs = [...pairs([...firstYear.values()].filter((av) => yearEnd(av.batch.execStart) < asOf))];
    const reported = pairs(later);
    const unreported = expectedPairs.filter((p) => !reported.has(p)).length / expectedPairs.length;
    expect(unreported).toBeGreaterThan(0.005);
    expect(unreported).toBeLessThan(0.05);
  });

  it("prices a realistic minority of listings above the limit (1.8× national lowest for drugs, 1.0× for consumables)", () => {
    const share = overLimitShare(model.listings);
    expect(share.drugs).toBeGreaterThan(0.03);
    expect(share.drugs).toBeLessThan(0.15);
    expect(share.consumables).toBeGreaterThan(0.03);
    expect(share.consumables).toBeLessThan(0.15);
    const given = model.listings.filter((l) => l.product.category === "药品" && l.nationalLowestFen !== null).length;
    const drugs = model.listings.filter((l) => l.product.category === "药品").length;
    expect(given / drugs).toBeGreaterThan(0.3);
    expect(given / drugs).toBeLessThan(0.9);
  });

  it("shapes product codes like NHSA codes: X… 23, Z… 20, C… 20 or 27", () => {
    const codes = model.catalogue.products.map((p) => p.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(isWellFormedCode(code), code).toBe(true);
    expect(codes.some((c) => c.startsWith("Z"))).toBe(true);
    expect(codes.some((c) => c.startsWith("C") && c.length === 27)).toBe(true);
    expect(codes.some((c) => c.startsWith("C") && c.length === 20)).toBe(true);
  });

  it("keeps varieties apart: a generic name and form belongs to one batch at most and never to the listed range", () => {
    const owner = new Map<string, string | null>();
    for (const p of model.catalogue.products) {
      if (owner.has(p.varietyKey)) expect(owner.get(p.varietyKey), p.varietyKey).toBe(p.batchId);
      else owner.set(p.varietyKey, p.batchId);
    }
  });

  it("has negotiated-drug agreements expiring within 90 days of 2026-10-31 and of 2026-11-23, and dual-channel ones", () => {
    for (const ref of [day("2026-10-31"), day("2026-11-23")]) {
      expect(model.nrdl.some((e) => e.agreementEnd >= ref && e.agreementEnd <= ref + 90)).toBe(true);
    }
    expect(model.nrdl.some((e) => e.dualChannel)).toBe(true);
    expect(model.nrdl.some((e) => !e.dualChannel)).toBe(true);
  });

  it("streams ~200,000 order lines with some institutions behind pace, and payouts mostly matching the policy", () => {
    let lines = 0;
    let selected = 0;
    const sink = {
      startMonth: () => {},
      line: (l: OrderLine) => {
        lines++;
        if (l.channel === "带量") selected++;
      }
    };
    const purchases = generateOrders(model, new Rng(1, "orders"), sink);
    expect(Math.abs(lines - 200_000) / 200_000).toBeLessThan(0.03);
    expect(selected / lines).toBeGreaterThan(0.1);
    expect(model.hospitals.filter((h) => h.pace < 0.75).length).toBeGreaterThan(5);

    const returns = generateSurplusReturns(
      model.batches,
      model.agreedVolumes,
      purchases,
      new Rng(1, "surplus-returns")
    );
    const share = (kind: string) => returns.filter((r) => r.kind === kind).length / returns.length;
    expect(share("matched")).toBeGreaterThan(0.6);
    expect(share("matched")).toBeLessThan(0.8);
    expect(share("underpaid")).toBeGreaterThan(0.08);
    expect(share("overpaid")).toBeGreaterThan(0.05);
    expect(share("missing")).toBeGreaterThan(0.02);
    expect(returns.filter((r) => r.computedFen > 0n).length / returns.length).toBeGreaterThan(0.5);
    for (const r of returns) {
      if (r.kind === "matched") expect(r.paidFen).toBe(r.computedFen);
      if (r.kind === "underpaid") expect(r.paidFen! < r.computedFen).toBe(true);
      if (r.kind === "overpaid") expect(r.paidFen! > r.computedFen).toBe(true);
      if (r.kind === "missing") expect(r.paidFen).toBeNull();
    }
  });
});
