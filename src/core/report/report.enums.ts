/**
 * The reports' groupings, measures and 口径 (definitions) in shared words, for the screens' tooltips.
 * No imports, so the renderer imports them as values (issue 9 / issue 10).
 */
export const REPORT_GROUP_BYS = ['month', 'salesperson', 'customer', 'product', 'category', 'region'] as const
export const REPORT_MEASURES = ['ordered', 'shipped', 'received'] as const
/** The order states that count as ordered (订货): approved or later, never draft, pending or cancelled. */
export const ORDERED_STATUSES = ['approved', 'partially_shipped', 'shipped', 'completed', 'closed'] as const
/** The shipment states that count as shipped (not cancelled). */
export const SHIPPED_STATUSES = ['shipped', 'delivered'] as const

export const REPORT_DEFINITIONS = {
  'zh-CN': {
    ordered: '订货：已审核及之后的订单（已审核、部分发货、已发货、已完成、已关闭；不含草稿、待审核、已作废），按订单日期，计订单含税总额。',
    shipped: '发货/销售额：未作废的发货单按发货日期，减去有效退货单按退货日期（净销售额）。',
    received: '回款：未作废的收款单，按收款日期。',
    prev: '环比：紧接开始日期之前、天数相同的期间；按月分组时为上一个月。',
    lastYear: '同比：上一年的同一日期区间。',
    margin: '毛利：不含税销售额减去发货时记录的成本（退货按原成本冲回）。仅管理员、经理、财务、老板可见。',
    funnel: '销售漏斗：期间内新建的商机按当前阶段统计；转化率 = 到达下一阶段的商机数 / 到达本阶段的商机数；赢率 = 赢单 / (赢单 + 输单)。',
    targets: '目标达成：实际 = 该销售员订单的发货额（减退货），完成率 = 实际 / 目标。',
    forecast: '销售预测：未结商机按预计成交月份的金额 × 阶段赢率，加上最近 3 个完整月发货额的月平均。',
    customers: '新客户：首张订单落在该月；活跃：近 90 天有订单；复购率：近 12 个月下单 ≥ 2 次的客户 / 下单 ≥ 1 次的客户；A/B/C：按近 12 个月发货额，累计前 80% 为 A，其后 15% 为 B，其余为 C。',
    churn: '流失预警：至少 3 张订单，且距上次下单的天数超过其订单间隔中位数的 2 倍和 30 天。',
    delivery: '交付及时率：签收日期不晚于订单承诺交期的发货单 / 有承诺交期的已签收发货单；异常率：有退货或作废发货单的订单 / 已发货订单；回款周期：从发货到该订单应收为零的天数。',
  },
  'en-US': {
    ordered: 'Ordered: orders approved or later (approved, partially shipped, shipped, completed, closed; never draft, pending or cancelled), by order date, at the order total incl. tax.',
    shipped: 'Shipped (sales): shipments not cancelled by ship date, minus valid returns by return date (net sales).',
    received: 'Received: receipts not cancelled, by receipt date.',
    prev: 'Period before: the same number of days just before the start; for months, the previous month.',
    lastYear: 'Year before: the same dates one year earlier.',
    margin: 'Margin: sales excl. tax minus the cost recorded at shipment (returns at their original cost). Admin, managers, finance and the owner only.',
    funnel: 'Funnel: opportunities created in the period by current stage; conversion = reached the next stage / reached this stage; win rate = won / (won + lost).',
    targets: "Targets: actual = shipped (net of returns) of the salesperson's orders; completion = actual / target.",
    forecast: 'Forecast: open opportunities by expected close month at amount × stage probability, plus the monthly average shipped of the last 3 full months.',
    customers: 'New: first order in the month; active: ordered in the last 90 days; repurchase rate: customers with ≥ 2 orders in the last 12 months / with ≥ 1; A/B/C: by last-12-months shipped, the first 80 % A, the next 15 % B, the rest C.',
    churn: 'Churn warning: at least 3 orders, and more days since the last one than twice the median gap between orders and 30 days.',
    delivery: "On-time rate: shipments delivered on or before the order's promised date / delivered shipments whose order has one; exception rate: orders with a return or a cancelled shipment / orders shipped; days to collect: from shipping until the order's receivable is zero.",
  },
} as const
