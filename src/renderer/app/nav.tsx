import {
  IconAdjustmentsHorizontal,
  IconCalendarStats,
  IconFilter,
  IconHome,
  IconTarget,
  IconTrendingUp,
  IconUserExclamation,
  IconBuildingStore,
  IconChecklist,
  IconFilePlus,
  IconFileDollar,
  IconLayoutKanban,
  IconPackage,
  IconChartBar,
  IconCash,
  IconClipboardList,
  IconDeviceDesktopCog,
  IconDatabase,
  IconDatabaseExport,
  IconDatabaseImport,
  IconFileCertificate,
  IconFileSpreadsheet,
  IconReceipt2,
  IconReportMoney,
  IconTruck,
  IconClockExclamation,
  IconFileInvoice,
  IconList,
  IconSettings,
  IconTargetArrow,
  IconTruckDelivery,
  IconUsers,
  IconUsersGroup,
  IconWorld,
  type Icon,
  IconPrinter,
} from '@tabler/icons-react'
import type { Role } from '../features/auth/auth.api'
import type { MessageKey } from './i18n/messages'

export interface NavItem {
  to: string
  label: MessageKey
  icon: Icon
  /** only these roles see the entry */
  roles?: Role[]
  /** area not built yet: the route shows the 即将推出 page */
  comingSoon?: boolean
  /** only in Electron (where `window.api` exists), e.g. settings of this PC */
  desktopOnly?: boolean
  testId?: string
}

export interface NavSection {
  label: MessageKey
  icon: Icon
  /** a section with one target and no children */
  to?: string
  comingSoon?: boolean
  items?: NavItem[]
}

/**
 * The navigation of the whole product. A new area replaces its `comingSoon` entry with real routes
 * (see routes.tsx) and, when it has sub-pages, `items`.
 */
export const NAV: NavSection[] = [
  { label: 'nav.dashboard', icon: IconHome, to: '/dashboard' },
  {
    label: 'nav.customers',
    icon: IconUsersGroup,
    items: [
      { to: '/customers', label: 'nav.customerList', icon: IconList, testId: 'nav-customers' },
      { to: '/customers/pool', label: 'nav.pool', icon: IconWorld, testId: 'nav-pool' },
      { to: '/customers/due', label: 'nav.due', icon: IconClockExclamation, testId: 'nav-due' },
    ],
  },
  {
    label: 'nav.opportunities',
    icon: IconTargetArrow,
    items: [
      { to: '/opportunities', label: 'nav.pipeline', icon: IconLayoutKanban, testId: 'nav-opportunities' },
      { to: '/quotes', label: 'nav.quotes', icon: IconFileDollar, testId: 'nav-quotes' },
    ],
  },
  {
    label: 'nav.orders',
    icon: IconFileInvoice,
    items: [
      { to: '/orders', label: 'nav.orderList', icon: IconList, testId: 'nav-orders' },
      { to: '/orders/new', label: 'nav.orderNew', icon: IconFilePlus, roles: ['admin', 'manager', 'sales', 'clerk'], testId: 'nav-order-new' },
      { to: '/orders/approval', label: 'nav.approval', icon: IconChecklist, roles: ['admin', 'manager'], testId: 'nav-approval' },
      { to: '/products', label: 'nav.products', icon: IconPackage, testId: 'nav-products' },
    ],
  },
  {
    label: 'nav.shipments',
    icon: IconTruckDelivery,
    items: [
      { to: '/shipments', label: 'nav.shipmentList', icon: IconTruck, testId: 'nav-shipments' },
      { to: '/tracking', label: 'nav.tracking', icon: IconClipboardList, testId: 'nav-tracking' },
    ],
  },
  {
    label: 'nav.receipts',
    icon: IconCash,
    items: [
      { to: '/receipts', label: 'nav.receiptList', icon: IconReceipt2, testId: 'nav-receipts' },
      { to: '/invoices', label: 'nav.invoices', icon: IconFileCertificate, testId: 'nav-invoices' },
    ],
  },
  {
    label: 'nav.reports',
    icon: IconChartBar,
    items: [
      { to: '/reports/sales', label: 'nav.rptSales', icon: IconChartBar, testId: 'nav-rpt-sales' },
      { to: '/reports/funnel', label: 'nav.rptFunnel', icon: IconFilter, testId: 'nav-rpt-funnel' },
      { to: '/reports/targets', label: 'nav.rptTargets', icon: IconTarget, testId: 'nav-rpt-targets' },
      { to: '/reports/forecast', label: 'nav.rptForecast', icon: IconTrendingUp, testId: 'nav-rpt-forecast' },
      { to: '/reports/customers', label: 'nav.rptCustomers', icon: IconUserExclamation, testId: 'nav-rpt-customers' },
      { to: '/reports/delivery', label: 'nav.rptDelivery', icon: IconTruckDelivery, testId: 'nav-rpt-delivery' },
      { to: '/reports/monthly', label: 'nav.rptMonthly', icon: IconCalendarStats, testId: 'nav-rpt-monthly' },
      { to: '/ar', label: 'nav.ar', icon: IconReportMoney, testId: 'nav-ar' },
      { to: '/statement', label: 'nav.statement', icon: IconFileSpreadsheet, testId: 'nav-statement' },
    ],
  },
  {
    label: 'nav.settings',
    icon: IconSettings,
    items: [
      { to: '/settings/users', label: 'nav.users', icon: IconUsers, roles: ['admin'], testId: 'nav-users' },
      { to: '/settings/company', label: 'nav.company', icon: IconBuildingStore, testId: 'nav-company' },
      { to: '/settings/business', label: 'nav.business', icon: IconAdjustmentsHorizontal, testId: 'nav-business' },
      { to: '/settings/print-templates', label: 'nav.printTemplates', icon: IconPrinter, testId: 'nav-print-templates' },
      { to: '/settings/import', label: 'nav.import', icon: IconDatabaseImport, roles: ['admin'], testId: 'nav-import' },
      { to: '/settings/backup', label: 'nav.backup', icon: IconDatabaseExport, roles: ['admin'], testId: 'nav-backup' },
      { to: '/settings/database', label: 'nav.database', icon: IconDatabase, roles: ['admin'], testId: 'nav-database' },
      { to: '/settings/desktop', label: 'nav.desktopMode', icon: IconDeviceDesktopCog, roles: ['admin'], desktopOnly: true, testId: 'nav-desktop-mode' },
    ],
  },
]

/**
 * True when `to` is the nav entry of `pathname`: the path itself or a page under it that no other,
 * more specific entry claims ('/orders' is active on /orders/12 but not on /orders/new).
 */
export function claimsPath(pathname: string, to: string): boolean {
  if (pathname === to) return true
  if (!pathname.startsWith(`${to}/`)) return false
  return !NAV.some((s) => [s.to, ...(s.items ?? []).map((i) => i.to)].some((p) => p && p !== to && p.startsWith(`${to}/`) && (pathname === p || pathname.startsWith(`${p}/`))))
}
