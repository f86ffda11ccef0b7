// Charts of the 国谈药品 page. Each takes (data, {width}) and returns a Plot figure.
import * as Plot from "@observablehq/plot";
import {percentAxis} from "./axes.js";
import {formatInteger, formatPercent} from "./format.js";

export interface LevelLanding {
  hospital_level: string;
  target_hospitals: number;
  active_drugs: number;
  drugs_bought: number;
  mean_landing_rate: number | null;
  buying_hospitals: number;
}

/**
 * Per hospital level: the share of its target institutions that bought at least one drug in agreement, and the
 * share of the drugs in agreement bought by at least one institution of the level. (The mean landing rate per
 * drug is not charted: averaged over hundreds of drugs and every institution, most of which buy none, it reads
 * as "almost nothing lands" whatever happens.)
 */
export function landingByLevelChart(data: readonly LevelLanding[], {width}: {width: number}) {
  const measures = ["采购国谈药的机构占比", "有机构采购的药品占比"];
  const label = (d: LevelLanding) => `${d.hospital_level}（${formatInteger(d.target_hospitals)} 家）`;
  const rows = data.flatMap((d) => [
    {level: label(d), measure: measures[0]!, value: d.target_hospitals ? d.buying_hospitals / d.target_hospitals : 0},
    {level: label(d), measure: measures[1]!, value: d.active_drugs ? d.drugs_bought / d.active_drugs : 0}
  ]);
  return Plot.plot({
    width,
    height: 60 + data.length * 60,
    marginLeft: 130,
    marginRight: 60,
    ariaLabel: "各等级医疗机构的国谈药落地情况",
    x: percentAxis("比例"),
    y: {axis: null, domain: measures},
    fy: {label: null, domain: data.map(label), axis: "left", padding: 0.2},
    color: {domain: measures, range: ["#4269d0", "#a0c4ff"], legend: true},
    marks: [
      Plot.barX(rows, {fy: "level", y: "measure", x: "value", fill: "measure"}),
      Plot.text(rows, {
        fy: "level",
        y: "measure",
        x: "value",
        text: (d: {value: number}) => formatPercent(d.value),
        dx: 4,
        textAnchor: "start",
        fontSize: 11
      }),
      Plot.ruleX([0])
    ]
  });
}
