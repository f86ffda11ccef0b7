// The statement's sheets under load: a hospital with more periods and progress rows than fit on one page, and
// batch names long enough to wrap, rendered as `jicai hospital-pack` writes it and laid out by Chromium.
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {statementHtml} from "../../pipelines/pack/statement-files.js";
import {martValueLabels} from "../../pipelines/models/marts.js";
import type {StatementData} from "../../src/data/statement-data.js";
import {launchBrowser} from "../browser/browser.js";
import {readPdfText} from "../browser/pdf-text.js";

const batches = Array.from({length: 15}, (_, i) => ({
  batch_id: `B${String(i + 1).padStart(2, "0")}`,
  // every third name is long enough to wrap in the name column
  batch_name:
    i % 3 === 0
      ? `第${i + 1}批国家组织药品集中带量采购协议期满接续采购（江川等十一省际联盟）`
      : `第${i + 1}批国家组织药品集采`
}));

function statement(batch: (typeof batches)[number], year: number, open: boolean) {
  return {
    hospital_code: "H1",
    ...batch,
    year_index: year,
    period: `第${year}年`,
    period_start: `${2022 + year}-01-01`,
    period_end: `${2022 + year}-12-31`,
    varieties: 3,
    agreed_qty: 120000,
    pre_vbp_price: 1.25,
    mi_pay_ratio: 0.7,
    insured_share: 1,
    purchased_qty: 90000,
    purchased_amount: "21000.00",
    budget: "105000.00",
    spend_factor: 1,
    spend: "14700.00",
    balance: "90300.00",
    is_completed: false,
    assessment_score: open ? null : 88,
    grade: null,
    rate: 0.5,
    retained: "45150.00",
    payout_period: open ? null : `第${year}年`,
    paid_amount: open ? null : "45150.00",
    paid_date: open ? null : `${2023 + year}-03-31`,
    difference: open ? null : "0.00",
    is_period_complete: !open,
    status: open ? "in_progress" : "matched"
  };
}

const data: StatementData = {
  params: {
    as_of: "2025-06-30",
    policy_name: "默认政策",
    retention_mode: "flat",
    flat_rate: 0.5,
    require_completion: false,
    behind_pace_factor: 0.8
  },
  issuer: "青山市医疗保障局",
  hospitals: [{hospital_code: "H1", hospital_name: "青山市第一人民医院", hospital_level: "三级", region: "城区"}],
  statements: batches.flatMap((b) => [statement(b, 1, false), statement(b, 2, false), statement(b, 3, true)]),
  totals: [
    {
      hospital_code: "H1",
      owed: "1354500.00",
      estimated: "677250.00",
      paid: "1354500.00",
      difference: "0.00",
      periods_ended: 30,
      periods_in_progress: 15,
      payouts: 30,
      underpaid: 0,
      overpaid: 0,
      not_paid: 0
    }
  ],
  progress: batches.flatMap((b) =>
    [1, 2, 3].map((year) => ({
      hospital_code: "H1",
      ...b,
      year_index: year,
      year_start: `${2022 + year}-01-01`,
      year_end: `${2022 + year}-12-31`,
      is_current_year: year === 3,
      is_year_ended: year < 3,
      varieties: year === 3 && b.batch_id === "B02" ? 0 : 3,
      varieties_off_pace: 1,
      completion: year === 3 && b.batch_id === "B02" ? null : 0.5 + year / 10,
      elapsed: year === 3 ? 0.496 : 1,
      pace_threshold: year === 3 ? 0.397 : 0.8,
      pace_status: year === 3 ? (b.batch_id === "B02" ? "no_agreed_volume" : "on_pace") : "not_met"
    }))
  ),
  labels: {},
  values: {
    status: martValueLabels("retention_statement", "status"),
    pace_status: martValueLabels("hospital_progress", "pace_status")
  }
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe("statement sheets of a hospital with 45 periods", () => {
  it("continue the summary and the progress on further sheets, none running over, every page numbered", async () => {
    const html = statementHtml(data, "H1", new Date("2025-07-01T08:00:00+08:00"));
    expect(html).not.toMatch(/<script/i);
    const page = await browser.newPage({viewport: {width: 1366, height: 768}});
    try {
      await page.setContent(html);
      await page.emulateMedia({media: "print"});
      const sheets = await page.locator(".jc-sheet").evaluateAll((all) =>
        all.map((sheet) => {
          const body = sheet.querySelector(".jc-sheet-body")!.getBoundingClientRect();
          const footer = sheet.querySelector(".jc-sheet-footer")!.getBoundingClientRect();
          return {kind: sheet.className.replace("jc-sheet jc-sheet-", ""), room: Math.round(footer.top - body.bottom)};
        })
      );
      expect(sheets.filter((s) => s.room < 0)).toEqual([]);
      const kinds = sheets.map((s) => s.kind);
      expect(kinds.filter((k) => k === "summary").length).toBeGreaterThan(1);
      expect(kinds.filter((k) => k === "appendix").length).toBe(45);
      expect(kinds.filter((k) => k === "progress").length).toBeGreaterThan(1);
      expect(kinds).toEqual(
        [...kinds].sort(
          (a, b) => ["summary", "appendix", "progress"].indexOf(a) - ["summary", "appendix", "progress"].indexOf(b)
        )
      );
      // the signature lines close the summary; every summary row points to its page
      await expect(page.locator(".jc-sheet-summary").last().locator("[data-signatures]").count()).resolves.toBe(1);
      const firstAppendix = kinds.indexOf("appendix") + 1;
      await expect(page.locator("[data-summary-row]").last().locator("td").last().innerText()).resolves.toBe(
        `第${firstAppendix + 44}页`
      );
      await expect(
        page
          .locator(".jc-sheet")
          .nth(firstAppendix + 44 - 1)
          .locator(".jc-sheet-title")
          .innerText()
      ).resolves.toContain("附页 45");
      // the year without an agreed volume is named in the chart and the table, never drawn as progress
      await expect(page.locator('[data-progress-row="B02/3"]').getAttribute("data-pace")).resolves.toBe(
        "no_agreed_volume"
      );
      await expect(page.locator(`svg[aria-label="约定量完成进度"]`).textContent()).resolves.toContain("无约定量");
      const {pages, text} = readPdfText(await page.pdf({preferCSSPageSize: true, printBackground: true}));
      expect(pages).toBe(sheets.length);
      for (let k = 1; k <= pages; k++) expect(text).toContain(`第 ${k} 页，共 ${pages} 页`);
    } finally {
      await page.close();
    }
  });
});
