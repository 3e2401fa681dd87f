import type { ReactNode } from 'react'
import { Navigate, Route, Routes, useLocation } from 'react-router-dom'
import { LoginPage } from '../features/auth/LoginPage'
import { SetupPage } from '../features/auth/SetupPage'
import { Customer360Page } from '../features/customer/Customer360Page'
import { CustomerEditPage, CustomerNewPage } from '../features/customer/CustomerFormPage'
import { CustomerListPage } from '../features/customer/CustomerListPage'
import { DueFollowUpsPage } from '../features/customer/DueFollowUpsPage'
import { PoolPage } from '../features/customer/PoolPage'
import { CompanySettingsPage } from '../features/settings/CompanySettingsPage'
import { BusinessSettingsPage } from '../features/settings/BusinessSettingsPage'
import { PrintTemplatesPage } from '../features/print/PrintTemplatesPage'
import { BackupPage } from '../features/backup/BackupPage'
import { DatabasePage } from '../features/backup/DatabasePage'
import { ImportPage } from '../features/excel/ImportPage'
import { DesktopModePage } from '../features/desktop/DesktopModePage'
import { UsersPage } from '../features/users/UsersPage'
import { ApprovalQueuePage } from '../features/order/ApprovalQueuePage'
import { OrderEditPage, OrderNewPage } from '../features/order/OrderEntryPage'
import { OrderListPage } from '../features/order/OrderListPage'
import { OrderPage } from '../features/order/OrderPage'
import { ProductListPage } from '../features/product/ProductListPage'
import { QuoteEditPage, QuoteNewPage } from '../features/quote/QuoteFormPage'
import { QuoteListPage } from '../features/quote/QuoteListPage'
import { QuotePage } from '../features/quote/QuotePage'
import { PipelinePage } from '../features/opportunity/PipelinePage'
import { SELLER_ROLES } from '../features/order/roles'
import { ShipmentListPage } from '../features/shipment/ShipmentListPage'
import { ShipmentNewPage } from '../features/shipment/ShipmentNewPage'
import { ShipmentPage } from '../features/shipment/ShipmentPage'
import { ReturnNewPage } from '../features/shipment/ReturnNewPage'
import { ReceiptListPage } from '../features/receipt/ReceiptListPage'
import { ReceiptNewPage } from '../features/receipt/ReceiptNewPage'
import { ReceiptPage } from '../features/receipt/ReceiptPage'
import { InvoiceListPage } from '../features/receipt/InvoicePages'
import { ArPage } from '../features/ar/ArPage'
import { StatementPage } from '../features/ar/StatementPage'
import { TrackingBoardPage } from '../features/tracking/TrackingBoardPage'
import { DashboardPage } from '../features/report/DashboardPage'
import { SalesReportPage } from '../features/report/SalesReportPage'
import { CustomersReportPage, DeliveryReportPage, ForecastReportPage, FunnelReportPage, MonthlyPackPage, TargetsReportPage } from '../features/report/ReportPages'
import type { Role } from '../features/auth/auth.api'
import { AppLayout } from './AppLayout'
import { NAV } from './nav'
import { ComingSoonPage, ForbiddenPage, FullScreenLoader, NotFoundPage, OfflinePage } from './pages'
import { useSession } from './session'

/**
 * Where a role lands after signing in: the owner, managers and salespeople on 首页 (the dashboard — a salesperson sees
 * their own customers' figures, targets and churn warnings there, the first thing worth acting on); admin, clerk and
 * finance, whose day starts with records rather than figures, on the customer list as before.
 */
export function homePath(role: Role | undefined): string {
  return role === 'owner' || role === 'manager' || role === 'sales' ? '/dashboard' : '/customers'
}

/** Only for the given roles; the core checks again, this only spares people a page they cannot use. */
function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { hasRole } = useSession()
  return hasRole(...roles) ? <>{children}</> : <ForbiddenPage />
}

export function AppRoutes() {
  const { state, reboot, user } = useSession()
  const home = homePath(user?.role)
  const location = useLocation()

  if (state.phase === 'loading') return <FullScreenLoader />
  if (state.phase === 'offline') return <OfflinePage onRetry={reboot} />
  if (state.phase === 'setup') {
    return location.pathname === '/setup' ? <SetupPage /> : <Navigate to="/setup" replace />
  }
  if (state.phase === 'anonymous') {
    if (location.pathname === '/login') return <LoginPage />
    const from = location.pathname === '/' || location.pathname === '/setup' ? undefined : location.pathname + location.search
    return <Navigate to="/login" replace state={{ from }} />
  }
  if (location.pathname === '/login' || location.pathname === '/setup') return <Navigate to={home} replace />

  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<Navigate to={home} replace />} />
        <Route path="dashboard" element={<DashboardPage />} />
        <Route path="reports/sales" element={<SalesReportPage />} />
        <Route path="reports/funnel" element={<FunnelReportPage />} />
        <Route path="reports/targets" element={<TargetsReportPage />} />
        <Route path="reports/forecast" element={<ForecastReportPage />} />
        <Route path="reports/customers" element={<CustomersReportPage />} />
        <Route path="reports/delivery" element={<DeliveryReportPage />} />
        <Route path="reports/monthly" element={<MonthlyPackPage />} />
        <Route path="customers" element={<CustomerListPage />} />
        <Route path="customers/pool" element={<PoolPage />} />
        <Route path="customers/due" element={<DueFollowUpsPage />} />
        <Route path="customers/new" element={<CustomerNewPage />} />
        <Route path="customers/:id" element={<Customer360Page />} />
        <Route path="customers/:id/edit" element={<CustomerEditPage />} />
        <Route
          path="settings/users"
          element={
            <RequireRole roles={['admin']}>
              <UsersPage />
            </RequireRole>
          }
        />
        <Route path="settings/company" element={<CompanySettingsPage />} />
        <Route path="settings/business" element={<BusinessSettingsPage />} />
        <Route path="settings/print-templates" element={<PrintTemplatesPage />} />
        <Route
          path="settings/backup"
          element={
            <RequireRole roles={['admin']}>
              <BackupPage />
            </RequireRole>
          }
        />
        <Route
          path="settings/database"
          element={
            <RequireRole roles={['admin']}>
              <DatabasePage />
            </RequireRole>
          }
        />
        <Route
          path="settings/import"
          element={
            <RequireRole roles={['admin']}>
              <ImportPage />
            </RequireRole>
          }
        />
        <Route
          path="settings/desktop"
          element={
            <RequireRole roles={['admin']}>
              <DesktopModePage />
            </RequireRole>
          }
        />
        <Route path="orders" element={<OrderListPage />} />
        <Route
          path="orders/new"
          element={
            <RequireRole roles={SELLER_ROLES}>
              <OrderNewPage />
            </RequireRole>
          }
        />
        <Route
          path="orders/approval"
          element={
            <RequireRole roles={['admin', 'manager']}>
              <ApprovalQueuePage />
            </RequireRole>
          }
        />
        <Route path="orders/:id" element={<OrderPage />} />
        <Route
          path="orders/:id/edit"
          element={
            <RequireRole roles={SELLER_ROLES}>
              <OrderEditPage />
            </RequireRole>
          }
        />
        <Route path="products" element={<ProductListPage />} />
        <Route path="quotes" element={<QuoteListPage />} />
        <Route
          path="quotes/new"
          element={
            <RequireRole roles={SELLER_ROLES}>
              <QuoteNewPage />
            </RequireRole>
          }
        />
        <Route path="quotes/:id" element={<QuotePage />} />
        <Route
          path="quotes/:id/edit"
          element={
            <RequireRole roles={SELLER_ROLES}>
              <QuoteEditPage />
            </RequireRole>
          }
        />
        <Route path="opportunities" element={<PipelinePage />} />
        <Route path="shipments" element={<ShipmentListPage />} />
        <Route path="shipments/new" element={<ShipmentNewPage />} />
        <Route path="shipments/:id" element={<ShipmentPage />} />
        <Route path="shipments/:id/return" element={<ReturnNewPage />} />
        <Route path="tracking" element={<TrackingBoardPage />} />
        <Route path="receipts" element={<ReceiptListPage />} />
        <Route
          path="receipts/new"
          element={
            <RequireRole roles={['admin', 'finance', 'manager']}>
              <ReceiptNewPage />
            </RequireRole>
          }
        />
        <Route path="receipts/:id" element={<ReceiptPage />} />
        <Route path="invoices" element={<InvoiceListPage />} />
        <Route path="ar" element={<ArPage />} />
        <Route path="statement" element={<StatementPage />} />
        {NAV.filter((s) => s.to && s.comingSoon).map((s) => (
          <Route key={s.to} path={`${s.to!.slice(1)}/*`} element={<ComingSoonPage area={s.label} />} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  )
}
