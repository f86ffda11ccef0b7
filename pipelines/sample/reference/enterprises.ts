/**
 * Fictional manufacturer names in the shapes real ones take (place + brand + 制药/药业 + company form).
 * Built from fixed parts so the list is deterministic and never names a real firm's prices.
 */
const places = [
  "江川",
  "华阳",
  "云溪",
  "青山",
  "临江",
  "东乡",
  "安平",
  "石门",
  "凤岭",
  "南湖",
  "北塘",
  "柳河",
  "海岳",
  "天衡",
  "长垣",
  "武陵"
];
const drugBrands = [
  "康宁",
  "济元",
  "华康",
  "恒安",
  "正元",
  "博达",
  "天晟",
  "普安",
  "百川",
  "长青",
  "信和",
  "瑞康",
  "维德",
  "同泰",
  "仁济",
  "益民",
  "诚意",
  "安泰",
  "泰和",
  "永康",
  "德胜",
  "嘉禾",
  "明仁",
  "恒生",
  "福瑞",
  "晨光",
  "九和",
  "佳泰",
  "众康",
  "鼎信"
];
const drugForms = [
  "制药有限公司",
  "药业股份有限公司",
  "制药股份有限公司",
  "药业有限公司",
  "生物制药有限公司",
  "医药集团有限公司"
];
const deviceBrands = [
  "康达",
  "微创",
  "瑞心",
  "迈瑞德",
  "乐康",
  "佰仁",
  "安捷",
  "维心",
  "博泰",
  "精工",
  "惠康",
  "华医",
  "赛诺",
  "凯利",
  "联影",
  "英科",
  "洁瑞",
  "春立",
  "爱康",
  "威高"
];
const deviceForms = [
  "医疗器械有限公司",
  "医疗科技股份有限公司",
  "生物医学工程有限公司",
  "医用材料有限公司",
  "医疗用品有限公司"
];

function build(brands: string[], forms: string[], count: number, step: number): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; names.length < count && i < count * 10; i++) {
    const brand = brands[i % brands.length];
    const place = places[(i * step + Math.floor(i / brands.length)) % places.length];
    const form = forms[(i * 7 + Math.floor(i / brands.length) * 3) % forms.length];
    const name = `${place}${brand}${form}`;
    if (!seen.has(name)) {
      seen.add(name);
      names.push(name);
    }
  }
  return names;
}

export const drugEnterprises: readonly string[] = build(drugBrands, drugForms, 90, 5);
export const deviceEnterprises: readonly string[] = build(deviceBrands, deviceForms, 60, 3);
