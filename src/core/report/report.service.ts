/**
 * The owner's reports (issue 10), one file per report: the measures as grouped SQL (report.measure.ts),
 * report.sales (report.sales.ts), funnel and forecast (report.funnel.ts), customers and churn
 * (report.customers.ts), delivery (report.delivery.ts), the monthly pack (report.monthly.ts).
 */
export { userNames, measureGrouped, measureMulti, fullMonths } from './report.measure'
export { sales, measureTotal } from './report.sales'
export { funnel, forecast, shippedBySalesperson } from './report.funnel'
export { customers, churnList } from './report.customers'
export { delivery } from './report.delivery'
export { arTotals, monthlyPack } from './report.monthly'
