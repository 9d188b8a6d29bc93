// `npm run bench`: every figure printed next to its target. BENCH_CUSTOMERS (default 100000) and BENCH_DB (reuse a file) adjust it.
import { benchBrowserSearch } from './browser-search.bench';
import { benchCardsPointsBooking } from './cards-points-booking.bench';
import { benchCustomer360 } from './customer360.bench';
import { benchDashboard } from './dashboard.bench';
import { benchPlanner } from './planner.bench';
import { benchSearch } from './search.bench';
import { BENCH_CUSTOMERS, benchDatabase, plannedDatabase, removeDatabase, report } from './support';
import { benchToday } from './today.bench';

const { file, generatedInMs } = await benchDatabase();
const results: boolean[] = [];
if (generatedInMs !== null) results.push(report(`demo generate ${BENCH_CUSTOMERS} customers`, generatedInMs / 1000, 's', 60));
results.push(await benchSearch(file));
results.push(await benchBrowserSearch(file));
results.push(await benchPlanner(file));
// Screens that read the advisor's work measure a planned store, as the app has it.
const planned = await plannedDatabase(file);
results.push(await benchCustomer360(planned));
results.push(await benchToday(planned));
results.push(await benchCardsPointsBooking(planned));
results.push(await benchDashboard(planned));
if (!process.env.BENCH_DB) removeDatabase(planned);
console.log(results.every(Boolean) ? 'all benchmarks within target' : 'some benchmarks MISSED their target');
