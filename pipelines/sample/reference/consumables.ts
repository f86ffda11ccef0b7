/**
 * Medical consumables: VBP varieties (high-value national batches and a provincial batch) and the wider
 * listed range. Consumables are bought one unit per pack (conversion ratio 1).
 */
export interface ConsumableVariety {
  generic: string;
  /** Six digits of the NHSA consumable classification (一级/二级/三级 分类). */
  classCode: string;
  unit: string;
  /** Spec strings; VBP results list product series, listings list individual sizes. */
  specs: string[];
  materials: string[];
  preUnitPrice: number;
  /** Annual use of a tertiary hospital (units); secondary hospitals use a fraction. */
  demand: number;
  /** Lowest hospital level that uses it: 3 = tertiary only, 2 = secondary and up, 1 = everyone. */
  minLevel: 1 | 2 | 3;
}

const series = (...s: string[]) => s;

export const vbpConsumables: Record<"stents" | "joints" | "lenses" | "provincial", ConsumableVariety[]> = {
  stents: [
    {
      generic: "冠状动脉药物洗脱支架",
      classCode: "020301",
      unit: "个",
      specs: series("Φ2.25~4.0mm×8~38mm", "Φ2.5~4.0mm×13~36mm", "Φ2.25~3.5mm×9~33mm"),
      materials: ["钴铬合金", "铂铬合金", "316L不锈钢", "可降解聚乳酸"],
      preUnitPrice: 11800,
      demand: 650,
      minLevel: 2
    }
  ],
  joints: [
    {
      generic: "初次置换人工全髋关节（陶瓷-陶瓷）",
      classCode: "030101",
      unit: "套",
      specs: series("髋臼外杯44~66mm/股骨柄1~12号"),
      materials: ["陶瓷"],
      preUnitPrice: 35000,
      demand: 160,
      minLevel: 2
    },
    {
      generic: "初次置换人工全髋关节（陶瓷-聚乙烯）",
      classCode: "030102",
      unit: "套",
      specs: series("髋臼外杯46~64mm/股骨柄1~11号"),
      materials: ["陶瓷/高交联聚乙烯"],
      preUnitPrice: 30500,
      demand: 120,
      minLevel: 2
    },
    {
      generic: "初次置换人工全膝关节",
      classCode: "030103",
      unit: "套",
      specs: series("股骨髁1~8号/胫骨平台1~8号", "股骨髁A~H/胫骨平台A~H"),
      materials: ["钴铬钼合金/超高分子量聚乙烯"],
      preUnitPrice: 32000,
      demand: 220,
      minLevel: 2
    },
    {
      generic: "人工髋关节股骨头（单极）",
      classCode: "030104",
      unit: "个",
      specs: series("Φ38~58mm"),
      materials: ["钴铬钼合金"],
      preUnitPrice: 14500,
      demand: 60,
      minLevel: 2
    }
  ],
  lenses: [
    {
      generic: "单焦点非球面人工晶状体",
      classCode: "040201",
      unit: "片",
      specs: series("+6.0D~+30.0D", "+5.0D~+34.0D"),
      materials: ["疏水性丙烯酸酯", "亲水性丙烯酸酯"],
      preUnitPrice: 3800,
      demand: 1500,
      minLevel: 2
    },
    {
      generic: "多焦点人工晶状体",
      classCode: "040202",
      unit: "片",
      specs: series("+10.0D~+30.0D"),
      materials: ["疏水性丙烯酸酯"],
      preUnitPrice: 12500,
      demand: 150,
      minLevel: 3
    },
    {
      generic: "散光矫正型人工晶状体",
      classCode: "040203",
      unit: "片",
      specs: series("T3~T9/+6.0D~+30.0D"),
      materials: ["疏水性丙烯酸酯"],
      preUnitPrice: 9200,
      demand: 110,
      minLevel: 3
    }
  ],
  provincial: [
    {
      generic: "一次性使用管型吻合器",
      classCode: "060101",
      unit: "把",
      specs: series("21~33mm"),
      materials: ["钛合金钉"],
      preUnitPrice: 4200,
      demand: 420,
      minLevel: 2
    },
    {
      generic: "一次性使用直线型切割吻合器",
      classCode: "060102",
      unit: "把",
      specs: series("45~80mm", "60mm/75mm"),
      materials: ["钛合金钉"],
      preUnitPrice: 3800,
      demand: 520,
      minLevel: 2
    },
    {
      generic: "一次性使用静脉留置针",
      classCode: "060201",
      unit: "支",
      specs: series("14G~26G", "18G~24G"),
      materials: ["聚氨酯", "聚四氟乙烯"],
      preUnitPrice: 18,
      demand: 160000,
      minLevel: 1
    },
    {
      generic: "一次性使用精密过滤输液器",
      classCode: "060202",
      unit: "套",
      specs: series("带针 0.55mm~0.8mm"),
      materials: ["聚氯乙烯（非DEHP）"],
      preUnitPrice: 6.5,
      demand: 300000,
      minLevel: 1
    },
    {
      generic: "中心静脉导管",
      classCode: "060203",
      unit: "套",
      specs: series("单腔/双腔/三腔 5Fr~8Fr"),
      materials: ["聚氨酯"],
      preUnitPrice: 650,
      demand: 3200,
      minLevel: 2
    }
  ]
};

/** Listed (挂网) consumables outside the batches: generic | class | unit | sizes | pre price | demand | level. */
export const listedConsumableLines = `
一次性使用无菌注射器|060301|支|1ml,2ml,2.5ml,5ml,10ml,20ml,30ml,50ml|0.45|400000|1
一次性使用输液器|060302|套|带针0.45mm,带针0.55mm,带针0.6mm,带针0.7mm,带针0.8mm|1.8|300000|1
医用外科口罩|070101|个|17.5cm×9.5cm,14.5cm×9cm|0.5|200000|1
一次性使用导尿管|060401|根|6Fr,8Fr,10Fr,12Fr,14Fr,16Fr,18Fr,20Fr,22Fr|9|20000|1
一次性使用吸痰管|060402|根|8Fr,10Fr,12Fr,14Fr,16Fr|2.2|40000|1
医用纱布敷料|070201|片|5cm×7cm,8cm×10cm,10cm×10cm,10cm×20cm,20cm×30cm|0.8|100000|1
一次性使用换药包|070202|包|基础型,加强型|6|30000|1
冠状动脉球囊扩张导管|020302|根|Φ1.25mm,Φ1.5mm,Φ2.0mm,Φ2.5mm,Φ2.75mm,Φ3.0mm,Φ3.5mm,Φ4.0mm|1800|900|2
冠状动脉导引导丝|020303|根|0.014in×180cm,0.014in×190cm,0.014in×300cm|480|1600|2
导引导管|020304|根|5Fr,6Fr,7Fr,8Fr|650|900|2
造影导管|020305|根|4Fr,5Fr,6Fr|160|1200|2
血管鞘|020306|套|4Fr,5Fr,6Fr,7Fr,8Fr,9Fr|180|1500|2
一次性使用血液透析器|060501|个|1.3m2,1.5m2,1.6m2,1.8m2,2.0m2|95|6000|2
血液透析管路|060502|套|成人型,儿童型|32|6000|2
人工硬脑膜补片|050101|片|2cm×3cm,3cm×5cm,5cm×5cm,6cm×8cm,8cm×10cm,10cm×12cm|2600|120|3
疝修补片|050201|片|6cm×11cm,7.6cm×15cm,10cm×15cm,15cm×15cm,15cm×20cm|850|400|2
可吸收性外科缝线|050301|根|1-0,2-0,3-0,4-0,5-0,6-0|38|20000|1
非吸收性外科缝线|050302|根|1-0,2-0,3-0,4-0,5-0|12|15000|1
锁定接骨板|030201|块|3孔,4孔,5孔,6孔,7孔,8孔,9孔,10孔,12孔|2200|800|2
锁定螺钉|030202|枚|Φ3.5mm×14mm,Φ3.5mm×20mm,Φ3.5mm×26mm,Φ5.0mm×30mm,Φ5.0mm×40mm,Φ5.0mm×50mm|260|6000|2
髓内钉|030203|套|Φ9mm×300mm,Φ10mm×340mm,Φ11mm×360mm,Φ12mm×380mm|5200|200|2
椎间融合器|030301|个|8mm,9mm,10mm,11mm,12mm,13mm,14mm|3600|300|3
椎弓根螺钉|030302|枚|Φ5.5mm×40mm,Φ6.0mm×45mm,Φ6.5mm×45mm,Φ7.0mm×50mm|1200|1600|3
一次性使用腹腔镜穿刺器|060601|套|5mm,10mm,12mm,15mm|680|2500|2
超声刀头|060602|把|14cm,23cm,36cm,45cm|3900|700|2
吻合器钉仓|060603|个|45mm白钉,45mm蓝钉,60mm蓝钉,60mm金钉,60mm绿钉|980|2400|2
可吸收止血夹|060604|个|M,ML,L,XL|95|6000|2
负压引流装置|060605|套|200ml,400ml,600ml|45|5000|1
一次性使用气管插管|060701|根|ID3.0,ID4.0,ID5.0,ID6.0,ID6.5,ID7.0,ID7.5,ID8.0|22|6000|1
一次性使用喉罩|060702|个|1#,1.5#,2#,2.5#,3#,4#,5#|120|2500|2
输尿管支架|060801|根|4.7Fr×26cm,5Fr×26cm,6Fr×26cm,6Fr×28cm,7Fr×26cm|520|900|2
人工血管|020401|根|Φ6mm,Φ8mm,Φ10mm,Φ16mm,Φ20mm,Φ24mm|9800|60|3
心脏起搏器电极导线|020501|根|52cm,58cm,65cm|4800|120|3
植入式心脏起搏器|020502|台|单腔,双腔,单腔MRI兼容,双腔MRI兼容|28000|90|3
外周血管支架|020601|个|Φ5mm×40mm,Φ6mm×60mm,Φ7mm×80mm,Φ8mm×100mm,Φ10mm×120mm|6800|150|3
药物涂层球囊导管|020602|根|Φ2.0mm×15mm,Φ2.5mm×20mm,Φ3.0mm×20mm,Φ3.5mm×30mm,Φ4.0mm×30mm|12000|220|3
弹簧圈|020701|个|2mm×4cm,3mm×6cm,4mm×8cm,5mm×10cm,6mm×15cm|5600|150|3
一次性使用活检针|060901|支|14G,16G,18G,20G|240|1800|2
医用防护服|070301|件|S,M,L,XL,XXL|28|20000|1
一次性使用检查手套|070302|副|S,M,L|0.35|300000|1
`;
