/**
 * Dealer-management rows for tests (one customer, one vehicle and one paid visit each), numbered
 * from the given phone, VIN and plate so a test can find a customer again by its number. The first
 * customer is 王伟 (a name the search tests type); the others 客户1, 客户2, ...
 */
export function dealerRows(count: number, from: { phone: number; vin: number; plate: number }): Record<string, string>[] {
  return Array.from({ length: count }, (_, i) => ({
    name: i === 0 ? '王伟' : `客户${i}`,
    phone: `1381234${String(from.phone + i)}`,
    vin: `LSVAU2180N2${String(from.vin + i)}`,
    plate: `粤A${String(from.plate + i)}`,
    brand: '大众',
    model: '帕萨特',
    delivery_date: '2024-05-01',
    visit_date: '2026-11-01',
    visit_type: 'maintenance',
    amount: '3000',
    mileage_km: '21000',
  }));
}
