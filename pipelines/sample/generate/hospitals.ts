import type {Hospital, HospitalLevel, InstitutionKind} from "../model.js";
import {pharmacyChains, privateHospitalNames, regions} from "../reference/regions.js";
import type {Rng} from "../rng.js";

interface Tier {
  level: HospitalLevel;
  kind: InstitutionKind;
  count: number;
  privateCount: number;
  ratio: [number, number];
  size: [number, number];
}

/** 282 designated institutions at scale 1, as in the Langfang report; 17 private hospitals and 8 pharmacies. */
const tiers: Tier[] = [
  {level: "三级", kind: "医院", count: 18, privateCount: 3, ratio: [5500, 6500], size: [0.7, 1.4]},
  {level: "二级", kind: "医院", count: 48, privateCount: 8, ratio: [6200, 7200], size: [0.2, 0.45]},
  {level: "一级", kind: "医院", count: 40, privateCount: 6, ratio: [7000, 8000], size: [0.05, 0.12]},
  {level: "一级", kind: "基层", count: 168, privateCount: 0, ratio: [7500, 8500], size: [0.01, 0.06]},
  {level: "未定级", kind: "药店", count: 8, privateCount: 8, ratio: [5000, 6000], size: [0.015, 0.03]}
];

const tertiaryNames = [
  "华阳市第一人民医院",
  "华阳市中心医院",
  "江川医科大学附属华阳医院",
  "华阳市中医医院",
  "华阳市第二人民医院",
  "华阳市妇幼保健院",
  "华阳市儿童医院",
  "华阳市肿瘤医院",
  "华阳市第三人民医院",
  "华阳市精神卫生中心",
  "华阳市传染病医院",
  "东乡市人民医院",
  "云溪县人民医院",
  "华阳市中西医结合医院",
  "华阳市眼科医院"
];
const secondarySuffixes = ["人民医院", "中医医院", "妇幼保健院", "第二人民医院"];
const villages = [
  "王家",
  "李庄",
  "新村",
  "河坝",
  "桃园",
  "杨家湾",
  "高坪",
  "石岭",
  "马家",
  "柏树",
  "金竹",
  "黄泥",
  "青杠",
  "双河"
];

export function generateHospitals(rng: Rng, scale: number): Hospital[] {
  const hospitals: Hospital[] = [];
  const seqByRegion = new Map<string, number>();
  const usedNames = new Set<string>();
  const f = Math.min(1, scale);
  for (const tier of tiers) {
    const count = Math.max(1, Math.round(tier.count * f));
    const privateCount = tier.privateCount === 0 ? 0 : Math.max(1, Math.round(tier.privateCount * f));
    for (let i = 0; i < count; i++) {
      const isPrivate = tier.kind === "药店" || i >= count - privateCount;
      const region = tier.level === "三级" && !isPrivate && i < 11 ? regions[i % 6] : rng.pick(regions);
      const {name, kindText} = institutionName(rng, tier, i, isPrivate, region, usedNames);
      const seq = (seqByRegion.get(region.code) ?? 0) + 1;
      seqByRegion.set(region.code, seq);
      const prefix = tier.kind === "药店" ? "P" : "H";
      const behind = rng.chance(0.12);
      hospitals.push({
        index: hospitals.length,
        code: `${prefix}${region.code}${String(seq).padStart(5, "0")}`,
        name,
        level:
          tier.level === "一级" && tier.kind === "基层" && !name.includes("中心") && !name.includes("卫生院")
            ? "未定级"
            : tier.level,
        levelText: levelText(rng, tier),
        ownership: isPrivate ? "民营" : "公立",
        region: region.name,
        miPayRatio: rng.int(tier.ratio[0], tier.ratio[1]),
        kind: tier.kind,
        kindText,
        size: rng.uniform(tier.size[0], tier.size[1]) * (kindText.includes("站") || kindText.includes("室") ? 0.4 : 1),
        pace: behind ? rng.uniform(0.45, 0.7) : Math.max(0.8, rng.normal(1.05, 0.1)),
        latePayer: rng.chance(0.15)
      });
    }
  }
  // The level written in the register is derived after the 未定级 adjustment above.
  for (const h of hospitals) if (h.level === "未定级") h.levelText = "未定级";
  return hospitals;
}

function levelText(rng: Rng, tier: Tier): string {
  if (tier.level === "未定级") return "未定级";
  if (tier.kind === "基层") return "一级";
  if (tier.level === "一级") return rng.pick(["一级", "一级甲等", "一级乙等"]);
  return `${tier.level}${rng.weighted(["甲等", "乙等"], [3, 1])}`;
}

function institutionName(
  rng: Rng,
  tier: Tier,
  i: number,
  isPrivate: boolean,
  region: (typeof regions)[number],
  used: Set<string>
): {name: string; kindText: string} {
  const unique = (candidate: string) => {
    let name = candidate;
    for (let n = 2; used.has(name); n++) name = candidate.replace(/(医院|中心|卫生院|站|室|店)$/, `第${n}$1`);
    used.add(name);
    return name;
  };
  if (tier.kind === "药店") {
    const chain = pharmacyChains[i % pharmacyChains.length];
    return {
      name: unique(`${chain}${region.name.replace(/[区县市]$/, "")}${rng.pick(region.towns).slice(0, 2)}店`),
      kindText: "定点零售药店"
    };
  }
  if (isPrivate) return {name: unique(rng.pick(privateHospitalNames)), kindText: "民营医院"};
  if (tier.level === "三级") return {name: unique(tertiaryNames[i % tertiaryNames.length]), kindText: "综合医院"};
  if (tier.level === "二级") {
    const r = regions[i % regions.length];
    return {
      name: unique(`${r.name}${secondarySuffixes[Math.floor(i / regions.length) % secondarySuffixes.length]}`),
      kindText: "医院"
    };
  }
  const town = rng.pick(region.towns);
  if (tier.kind === "医院")
    return {name: unique(`${region.name}${town.replace(/(街道|镇|乡)$/, "")}医院`), kindText: "医院"};
  const centre = i < 70;
  if (region.urban) {
    return centre
      ? {name: unique(`${region.name}${town}社区卫生服务中心`), kindText: "社区卫生服务中心"}
      : {name: unique(`${region.name}${town}${rng.pick(villages)}社区卫生服务站`), kindText: "社区卫生服务站"};
  }
  return centre
    ? {name: unique(`${region.name}${town}${town.endsWith("镇") ? "中心" : ""}卫生院`), kindText: "乡镇卫生院"}
    : {name: unique(`${region.name}${town}${rng.pick(villages)}村卫生室`), kindText: "村卫生室"};
}
