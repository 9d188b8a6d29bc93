/** Chinese licence plates: province character, city letter, then 5 (fuel) or 6 (new-energy) characters. */

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const PLATE_RE = new RegExp(`^[${PROVINCES}][A-HJ-NP-Z][A-HJ-NP-Z0-9]{5,6}$`);

/** Upper-case and strip separators people type or print ("粤A·12345", "粤a 12345"). */
export function normalizePlate(input: string): string {
  return input.replace(/[\s·.\-_]/g, '').toUpperCase();
}

export function isValidPlate(input: string): boolean {
  return PLATE_RE.test(normalizePlate(input));
}

export function isNewEnergyPlate(plate: string): boolean {
  return isValidPlate(plate) && normalizePlate(plate).length === 8;
}

export const PLATE_PROVINCES = PROVINCES;
