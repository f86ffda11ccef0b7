/** The fictional city of the sample: 华阳市, 江川省. Administrative codes use the unassigned prefix 72. */
export const CITY = "华阳市";
export const PROVINCE = "江川省";

export interface Region {
  name: string;
  /** Six-digit administrative division code. */
  code: string;
  /** Towns or streets, for 卫生院 / 社区卫生服务中心 names. */
  towns: string[];
  urban: boolean;
}

export const regions: Region[] = [
  {
    name: "华阳区",
    code: "720102",
    urban: true,
    towns: ["东风街道", "解放街道", "望江街道", "鼓楼街道", "西关街道", "南门街道"]
  },
  {name: "临江区", code: "720103", urban: true, towns: ["滨江街道", "码头街道", "新华街道", "江湾街道", "长乐街道"]},
  {name: "青山区", code: "720104", urban: true, towns: ["青山街道", "钢城街道", "红卫街道", "冶金街道", "白沙街道"]},
  {name: "南湖区", code: "720105", urban: true, towns: ["南湖街道", "书院街道", "翠湖街道", "平湖街道"]},
  {name: "北塘区", code: "720106", urban: true, towns: ["北塘街道", "塘西街道", "柳营街道", "金桥街道"]},
  {name: "华阳高新区", code: "720171", urban: true, towns: ["科技城街道", "创新街道", "未来街道"]},
  {
    name: "云溪县",
    code: "720121",
    urban: false,
    towns: ["云溪镇", "龙泉镇", "石桥镇", "马坪镇", "竹园乡", "大河镇", "双凤乡"]
  },
  {name: "石门县", code: "720122", urban: false, towns: ["石门镇", "三江镇", "罗家镇", "洪山镇", "白鹤乡", "清水镇"]},
  {name: "柳河县", code: "720123", urban: false, towns: ["柳河镇", "新场镇", "黄土镇", "杨柳乡", "高桥镇", "永兴镇"]},
  {name: "安平县", code: "720124", urban: false, towns: ["安平镇", "太平镇", "观音镇", "桂花乡", "白马镇"]},
  {name: "东乡市", code: "720181", urban: false, towns: ["东乡街道", "河口镇", "金山镇", "长岭镇", "茶园乡", "沙湾镇"]},
  {name: "凤岭县", code: "720125", urban: false, towns: ["凤岭镇", "松林镇", "花溪乡", "团结镇", "红岩镇"]}
];

/** Names of private hospitals (民营) and retail pharmacy chains. */
export const privateHospitalNames = [
  "华阳仁和医院",
  "华阳博爱医院",
  "华阳康复医院",
  "临江和睦家医院",
  "青山长康医院",
  "南湖爱尔眼科医院",
  "华阳美中宜和妇儿医院",
  "北塘骨科医院",
  "华阳中山医院",
  "云溪济民医院",
  "石门仁爱医院",
  "东乡协和医院",
  "柳河光明医院",
  "安平同济医院",
  "华阳康宁精神病医院",
  "华阳新华医院",
  "临江口腔医院",
  "华阳东方肿瘤医院",
  "凤岭民康医院",
  "华阳德仁医院"
];

export const pharmacyChains = [
  "华阳大药房连锁有限公司",
  "江川一心堂医药连锁有限公司",
  "华阳益丰大药房有限公司",
  "江川老百姓大药房连锁有限公司"
];
