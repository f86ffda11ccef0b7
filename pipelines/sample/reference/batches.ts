import {parseVarieties, type DrugVariety} from "./drug-varieties.js";
import type {ConsumableVariety} from "./consumables.js";
import {vbpConsumables} from "./consumables.js";

/** One procurement batch of the sample, modelled on published national and alliance batches. */
export interface BatchSpec {
  id: string;
  name: string;
  level: "国家" | "省际联盟" | "省级";
  category: "药品" | "耗材";
  bidDate: string;
  execStart: string;
  cycleEnd: string;
  /** Target mean price cut of selected products vs the pre-VBP price (published batch averages). */
  targetCut: number;
  /** Share of agreed volume in reported demand, by number of winners (§1.4 of the research). */
  agreedShare: (winners: number) => number;
  drugs: DrugVariety[];
  consumables: ConsumableVariety[];
}

const seventhBatchRule = (winners: number) => (winners <= 1 ? 0.5 : winners === 2 ? 0.6 : winners === 3 ? 0.7 : 0.8);

export const batchSpecs: BatchSpec[] = [
  {
    id: "GJ-YP-09",
    name: "第九批国家组织药品集采",
    level: "国家",
    category: "药品",
    bidDate: "2023-11-06",
    execStart: "2024-11-01",
    cycleEnd: "2027-12-31",
    targetCut: 0.58,
    agreedShare: seventhBatchRule,
    consumables: [],
    drugs: parseVarieties(`
利伐沙班|口服常释剂型|B01AF|片|10mg@10,15mg@15|10,14,28|9.8|150000
替格瑞洛|口服常释剂型|B01AC|片|90mg@90|14,28|6.5|80000
阿哌沙班|口服常释剂型|B01AF|片|2.5mg@2.5,5mg@5|10,20|5.5|60000
奥美沙坦酯|口服常释剂型|C09CA|片|20mg@20,40mg@40|7,14,28|2.9|150000
左乙拉西坦|口服常释剂型|N03AX|片|0.25g@250,0.5g@500|30,60|2.6|60000
头孢曲松|注射剂|J01DD|支|1g@1,2g@2|1,10|9.5|40000
帕瑞昔布|注射剂|M01AH|支|40mg@40|1,10|45|15000
布地奈德|吸入制剂|R03BA|支|2ml:1mg@1|5,30|6.8|30000
氨溴索|注射剂|R05CB|支|2ml:15mg@15|10|4.2|50000
瑞格列奈|口服常释剂型|A10BX|片|1mg@1,2mg@2|30|1.3|60000
雷贝拉唑|口服常释剂型|A02BC|片|10mg@10,20mg@20|7,14|3.8|90000
格隆溴铵|注射剂|A03AB|支|1ml:0.2mg@0.2|10|12|8000`)
  },
  {
    id: "GJ-YP-10",
    name: "第十批国家组织药品集采",
    level: "国家",
    category: "药品",
    bidDate: "2024-12-12",
    execStart: "2025-04-01",
    cycleEnd: "2027-12-31",
    targetCut: 0.55,
    agreedShare: seventhBatchRule,
    consumables: [],
    drugs: parseVarieties(`
头孢呋辛酯|口服常释剂型|J01DC|片|0.25g@250|6,12,24|1.9|70000
氟康唑|口服常释剂型|J02AC|片|50mg@50,150mg@150|6,12|2.4|30000
布洛芬|注射剂|M01AE|支|4ml:0.4g@400,8ml:0.8g@800|1,10|28|8000
阿莫西林克拉维酸钾|口服常释剂型|J01CR|片|0.375g@375,0.625g@625|12,24|2.2|80000
甲泼尼龙|注射剂|H02AB|支|40mg@40|1,10|12|40000
依诺肝素|注射剂|B01AB|支|0.4ml:4000AXaIU@4000|1,10|28|40000
多索茶碱|注射剂|R03DA|支|10ml:0.1g@100|1,10|15|20000
硝苯地平|缓释控释剂型|C08CA|片|30mg@30|7,14,28|4.5|200000
格列美脲|口服常释剂型|A10BB|片|1mg@1,2mg@2|30|1.1|120000
坎地沙坦酯|口服常释剂型|C09CA|片|4mg@4,8mg@8|14,28|1.8|90000
泮托拉唑|注射剂|A02BC|支|40mg@40|1,10|18|50000
丙泊酚|注射剂|N01AX|支|20ml:0.2g@200,50ml:0.5g@500|1,5|24|25000
吲达帕胺|缓释控释剂型|C03BA|片|1.5mg@1.5|10,30|1.6|100000
西格列汀|口服常释剂型|A10BH|片|100mg@100|7,14,28|5.6|90000`)
  },
  {
    id: "GJ-YP-11",
    name: "第十一批国家组织药品集采",
    level: "国家",
    category: "药品",
    bidDate: "2025-10-28",
    execStart: "2026-02-01",
    cycleEnd: "2028-12-31",
    targetCut: 0.52,
    agreedShare: seventhBatchRule,
    consumables: [],
    drugs: parseVarieties(`
艾司奥美拉唑|口服常释剂型|A02BC|片|20mg@20,40mg@40|7,14,28|5.2|80000
恩格列净|口服常释剂型|A10BK|片|10mg@10,25mg@25|10,30|4.9|70000
利拉鲁肽|注射剂|A10BJ|支|3ml:18mg@18|1,2|280|3000
托伐普坦|口服常释剂型|C03XA|片|15mg@15|5,10|45|3000
非布司他|口服常释剂型|M04AA|片|40mg@40,80mg@80|16,32|3.4|50000
阿奇霉素|注射剂|J01FA|支|0.5g@500|1,10|25|20000
莫西沙星|注射剂|J01MA|瓶|250ml:0.4g@400|1|68|10000
地塞米松|注射剂|H02AB|支|1ml:5mg@5|10|0.9|100000
昂丹司琼|注射剂|A04AA|支|2ml:4mg@4,4ml:8mg@8|1,5|8.5|30000
普瑞巴林|口服常释剂型|N03AX|粒|75mg@75,150mg@150|8,16,28|3.5|40000
曲美他嗪|缓释控释剂型|C01EB|片|35mg@35|30,60|1.4|100000
地佐辛|注射剂|N02AX|支|1ml:5mg@5|10|38|20000`)
  },
  {
    id: "JC-YP-JX",
    name: "国家集采药品协议期满接续采购（江川省）",
    level: "省级",
    category: "药品",
    bidDate: "2024-10-15",
    execStart: "2025-01-01",
    cycleEnd: "2027-12-31",
    targetCut: 0.48,
    agreedShare: (winners) => (winners <= 2 ? 0.6 : 0.7),
    consumables: [],
    drugs: parseVarieties(`
阿托伐他汀|口服常释剂型|C10AA|片|10mg@10,20mg@20|7,14,28|3.2|500000
氨氯地平|口服常释剂型|C08CA|片|5mg@5|7,14,28|2.1|600000
二甲双胍|缓释控释剂型|A10BA|片|0.5g@500|30,60|0.95|700000
氯吡格雷|口服常释剂型|B01AC|片|75mg@75|7,14,28|6.8|300000
瑞舒伐他汀|口服常释剂型|C10AA|片|5mg@5,10mg@10|7,14,28|3.6|300000
厄贝沙坦|口服常释剂型|C09CA|片|75mg@75,150mg@150|7,14,28|2.3|200000
恩替卡韦|口服常释剂型|J05AF|片|0.5mg@0.5|7,14,28|9.5|80000
蒙脱石|散剂|A07BC|袋|3g@3|10,12|1.6|60000
奥美拉唑|口服常释剂型|A02BC|粒|20mg@20|14,28|2.3|250000
缬沙坦|口服常释剂型|C09CA|粒|80mg@80|7,14,28|2.7|200000
左氧氟沙星|口服常释剂型|J01MA|片|0.5g@500|4,10|4.5|70000
孟鲁司特|口服常释剂型|R03DC|片|10mg@10|5,10|4.1|60000`)
  },
  {
    id: "LM-YP-02",
    name: "江川等八省际联盟药品集采",
    level: "省际联盟",
    category: "药品",
    bidDate: "2024-09-10",
    execStart: "2024-12-01",
    cycleEnd: "2026-11-30",
    targetCut: 0.53,
    agreedShare: (winners) => (winners <= 1 ? 0.6 : 0.7),
    consumables: [],
    drugs: parseVarieties(`
甲钴胺|口服常释剂型|B03BA|片|0.5mg@0.5|20,50|0.9|120000
胞磷胆碱|注射剂|N06BX|支|2ml:0.25g@250|10|6.5|40000
奥拉西坦|注射剂|N06BX|瓶|5ml:1g@1000|1,5|38|15000
前列地尔|注射剂|C01EA|支|1ml:5μg@5|1,10|32|20000
单硝酸异山梨酯|缓释控释剂型|C01DA|片|40mg@40|12,24|1.5|80000
阿卡波糖|口服常释剂型|A10BF|片|50mg@50|30,60|1.7|150000
骨化三醇|口服常释剂型|A11CC|粒|0.25μg@0.25|10,20|2.4|50000
兰索拉唑|注射剂|A02BC|支|30mg@30|1,10|22|25000
氨甲环酸|注射剂|B02AA|支|5ml:0.5g@500|5,10|4.5|30000
乳果糖|口服液体剂|A06AD|袋|15ml:10g@10|6,12|3.8|20000`)
  },
  {
    id: "LM-ZCY-01",
    name: "江川等十省际联盟中成药集采",
    level: "省际联盟",
    category: "药品",
    bidDate: "2025-03-20",
    execStart: "2025-07-01",
    cycleEnd: "2027-06-30",
    targetCut: 0.49,
    agreedShare: (winners) => (winners <= 1 ? 0.6 : 0.7),
    consumables: [],
    drugs: parseVarieties(
      `
血塞通|注射剂|XB01A|支|2ml:100mg@100|10|12|30000
银杏叶|口服常释剂型|XN06D|片|9.6mg@9.6|24,48|0.85|120000
复方丹参|丸剂|XC01A|丸|27mg@27|150,180|0.12|600000
连花清瘟|颗粒剂|XR05C|袋|6g@6|6,10|2.6|40000
脑心通|口服常释剂型|XC01B|粒|0.4g@0.4|36,48|0.9|80000
参麦|注射剂|XC01C|支|20ml@20|5,10|16|20000
通心络|口服常释剂型|XC01D|粒|0.26g@0.26|30,60|1.1|90000
疏风解毒|口服常释剂型|XR05D|粒|0.52g@0.52|36,48|0.8|40000`,
      true
    )
  },
  {
    id: "GJ-HC-GMZJ",
    name: "国家组织冠脉支架集采",
    level: "国家",
    category: "耗材",
    bidDate: "2024-10-20",
    execStart: "2025-01-01",
    cycleEnd: "2027-12-31",
    targetCut: 0.93,
    agreedShare: () => 0.65,
    drugs: [],
    consumables: vbpConsumables.stents
  },
  {
    id: "GJ-HC-RGGJ",
    name: "国家组织人工关节集采",
    level: "国家",
    category: "耗材",
    bidDate: "2024-11-05",
    execStart: "2025-05-01",
    cycleEnd: "2027-04-30",
    targetCut: 0.82,
    agreedShare: () => 0.9,
    drugs: [],
    consumables: vbpConsumables.joints
  },
  {
    id: "GJ-HC-RGJT",
    name: "国家组织人工晶体类耗材集采",
    level: "国家",
    category: "耗材",
    bidDate: "2023-11-30",
    execStart: "2024-11-01",
    cycleEnd: "2026-10-31",
    targetCut: 0.6,
    agreedShare: () => 0.8,
    drugs: [],
    consumables: vbpConsumables.lenses
  },
  {
    id: "JC-HC-01",
    name: "江川省医用耗材集采（吻合器等）",
    level: "省级",
    category: "耗材",
    bidDate: "2025-06-18",
    execStart: "2025-10-01",
    cycleEnd: "2027-09-30",
    targetCut: 0.55,
    agreedShare: () => 0.7,
    drugs: [],
    consumables: vbpConsumables.provincial
  }
];
