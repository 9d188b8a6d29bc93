import { Weighted } from './rng';

/**
 * What drives into a Guangzhou Toyota-franchise 4S store: mostly its own brand,
 * plus other makes its service bay takes in. `nev` is the new-energy plate letter:
 * D for battery-electric, F for plug-in hybrids; null for fuel and ordinary hybrids.
 */
export interface CarModel {
  brand: string;
  model: string;
  minPriceCny: number;
  maxPriceCny: number;
  nev: 'D' | 'F' | null;
  /** World manufacturer identifier: the first three VIN characters. */
  wmi: string;
}

const m = (brand: string, model: string, min: number, max: number, nev: 'D' | 'F' | null, wmi: string, weight: number) =>
  [{ brand, model, minPriceCny: min * 1000, maxPriceCny: max * 1000, nev, wmi }, weight] as const;

export const FUEL_MODELS = new Weighted<CarModel>([
  m('广汽丰田', '凯美瑞', 175, 270, null, 'LVG', 14),
  m('广汽丰田', '雷凌', 110, 160, null, 'LVG', 10),
  m('广汽丰田', '汉兰达', 265, 350, null, 'LVG', 7),
  m('广汽丰田', '威兰达', 170, 235, null, 'LVG', 6),
  m('广汽丰田', 'C-HR', 140, 180, null, 'LVG', 4),
  m('广汽丰田', '赛那', 305, 420, null, 'LVG', 3),
  m('广汽丰田', '锋兰达', 115, 155, null, 'LVG', 6),
  m('一汽丰田', '卡罗拉', 110, 160, null, 'LFM', 3),
  m('一汽丰田', 'RAV4荣放', 175, 260, null, 'LFM', 3),
  m('广汽本田', '雅阁', 170, 260, null, 'LHG', 4),
  m('广汽本田', '皓影', 180, 260, null, 'LHG', 2),
  m('东风日产', '轩逸', 100, 150, null, 'LGB', 4),
  m('东风日产', '天籁', 180, 260, null, 'LGB', 2),
  m('一汽-大众', '迈腾', 190, 280, null, 'LFV', 3),
  m('上汽大众', '朗逸', 100, 150, null, 'LSV', 3),
  m('上汽通用别克', 'GL8', 230, 350, null, 'LSG', 2),
  m('华晨宝马', '3系', 290, 400, null, 'LBV', 1),
  m('北京奔驰', 'C级', 330, 450, null, 'LE4', 1),
]);

export const NEV_MODELS = new Weighted<CarModel>([
  m('广汽丰田', 'bZ4X', 170, 220, 'D', 'LVG', 6),
  m('广汽丰田', '铂智3X', 110, 150, 'D', 'LVG', 6),
  m('广汽丰田', '凯美瑞 双擎PHEV', 230, 280, 'F', 'LVG', 2),
  m('广汽埃安', 'AION S', 130, 160, 'D', 'LMG', 4),
  m('广汽埃安', 'AION Y', 120, 160, 'D', 'LMG', 3),
  m('比亚迪', '汉EV', 210, 280, 'D', 'LGX', 3),
  m('比亚迪', '秦PLUS DM-i', 100, 150, 'F', 'LGX', 4),
  m('比亚迪', '宋PLUS DM-i', 150, 200, 'F', 'LGX', 3),
  m('特斯拉', 'Model 3', 230, 290, 'D', 'LRW', 2),
  m('特斯拉', 'Model Y', 250, 320, 'D', 'LRW', 3),
  m('理想', 'L7', 310, 380, 'F', 'LW4', 1),
]);

export const COLORS = new Weighted<string>([
  ['珍珠白', 25], ['曜石黑', 21], ['银色', 11], ['星光灰', 15], ['海洋蓝', 8], ['魅力红', 8],
  ['摩卡棕', 4], ['墨绿', 3], ['香槟金', 3], ['橙色', 2],
]);
