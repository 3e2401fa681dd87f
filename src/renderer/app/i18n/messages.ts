import { appMessages } from '../app.messages'
import { sharedMessages } from '../../shared/shared.messages'
import { authMessages } from '../../features/auth/auth.messages'
import { customerMessages } from '../../features/customer/customer.messages'
import { usersMessages } from '../../features/users/users.messages'
import { settingsMessages } from '../../features/settings/settings.messages'
import { orderMessages } from '../../features/order/order.messages'
import { productMessages } from '../../features/product/product.messages'
import { quoteMessages } from '../../features/quote/quote.messages'
import { opportunityMessages } from '../../features/opportunity/opportunity.messages'
import { shipmentMessages } from '../../features/shipment/shipment.messages'
import { receiptMessages } from '../../features/receipt/receipt.messages'
import { arMessages } from '../../features/ar/ar.messages'
import { trackingMessages } from '../../features/tracking/tracking.messages'
import { desktopMessages } from '../../features/desktop/desktop.messages'
import { backupMessages } from '../../features/backup/backup.messages'
import { reportMessages } from '../../features/report/report.messages'
import { printMessages } from '../../features/print/print.messages'
import { excelMessages } from '../../features/excel/excel.messages'
import { exportMessages } from '../../features/excel/export.messages'

/** Every dictionary, merged per locale. A new feature adds its `<feature>.messages.ts` here. */
export const messages = {
  'zh-CN': {
    ...appMessages['zh-CN'],
    ...sharedMessages['zh-CN'],
    ...authMessages['zh-CN'],
    ...customerMessages['zh-CN'],
    ...usersMessages['zh-CN'],
    ...settingsMessages['zh-CN'],
    ...orderMessages['zh-CN'],
    ...productMessages['zh-CN'],
    ...quoteMessages['zh-CN'],
    ...opportunityMessages['zh-CN'],
    ...shipmentMessages['zh-CN'],
    ...receiptMessages['zh-CN'],
    ...arMessages['zh-CN'],
    ...trackingMessages['zh-CN'],
    ...desktopMessages['zh-CN'],
    ...backupMessages['zh-CN'],
    ...reportMessages['zh-CN'],
    ...printMessages['zh-CN'],
    ...excelMessages['zh-CN'],
    ...exportMessages['zh-CN'],
  },
  'en-US': {
    ...appMessages['en-US'],
    ...sharedMessages['en-US'],
    ...authMessages['en-US'],
    ...customerMessages['en-US'],
    ...usersMessages['en-US'],
    ...settingsMessages['en-US'],
    ...orderMessages['en-US'],
    ...productMessages['en-US'],
    ...quoteMessages['en-US'],
    ...opportunityMessages['en-US'],
    ...shipmentMessages['en-US'],
    ...receiptMessages['en-US'],
    ...arMessages['en-US'],
    ...trackingMessages['en-US'],
    ...desktopMessages['en-US'],
    ...backupMessages['en-US'],
    ...reportMessages['en-US'],
    ...printMessages['en-US'],
    ...excelMessages['en-US'],
    ...exportMessages['en-US'],
  },
}

export type MessageKey = keyof (typeof messages)['zh-CN']
