import { Registry } from './contract/registry'
import { authMethods } from './auth/auth.contract'
import { userMethods } from './auth/user.contract'
import { auditMethods } from './audit/audit.contract'
import { settingsMethods } from './settings/settings.contract'
import { customerMethods } from './customer/customer.contract'
import { customerParseMethods } from './customer/customer.parse'
import { productMethods } from './product/product.contract'
import { orderMethods } from './order/order.contract'
import { opportunityMethods } from './opportunity/opportunity.contract'
import { quoteMethods } from './quote/quote.contract'
import { shipmentMethods } from './shipment/shipment.contract'
import { receiptMethods } from './receipt/receipt.contract'
import { arMethods } from './ar/ar.contract'
import { trackingMethods } from './tracking/tracking.contract'
import { printMethods } from './print/print.contract'
import { systemMethods } from './system/system.contract'
import { reportMethods } from './report/report.contract'
import { productCostMethods } from './product/product-cost.contract'
import { backupMethods } from './backup/backup.contract'
import { databaseMethods } from './database/database.contract'
import { exportMethods, importMethods, setExportSource } from './excel/excel.contract'
import { exportJobMethods, setExportJobSource } from './excel/export.contract'
import { attachmentMethods } from './attachment/attachment.contract'
import type { AnyMethod } from './contract/method'

/**
 * The one place every method is registered. `contract/api.ts` derives the renderer's typed
 * method map from this list (keep it `as const`; add a new feature's group here).
 */
export const methodGroups = [authMethods, userMethods, auditMethods, settingsMethods, customerMethods, customerParseMethods, productMethods, orderMethods, opportunityMethods, quoteMethods, shipmentMethods, receiptMethods, arMethods, trackingMethods, printMethods, reportMethods, productCostMethods, backupMethods, databaseMethods, importMethods, exportMethods, exportJobMethods, attachmentMethods] as const

export function buildRegistry(): Registry {
  const registry = new Registry()
  const all = methodGroups as unknown as AnyMethod[][]
  for (const group of all) registry.add(...group)
  registry.add(...(systemMethods(registry) as unknown as AnyMethod[]))
  setExportSource(() => registry.list())
  setExportJobSource(() => registry.list())
  return registry
}
