import { UserEntity, SessionEntity } from './auth/auth.entity'
import { AuditLogEntity } from './audit/audit.entity'
import { SettingEntity } from './settings/settings.entity'
import { DocSequenceEntity } from './numbering/numbering.entity'
import { ProductEntity, StockMoveEntity } from './product/product.entity'
import { SalesOrderEntity, SalesOrderLineEntity } from './order/order.entity'
import { OpportunityEntity } from './opportunity/opportunity.entity'
import { QuoteEntity, QuoteLineEntity } from './quote/quote.entity'
import { InvoiceRecordEntity, SalesReturnEntity, SalesReturnLineEntity, ShipmentEntity, ShipmentLineEntity } from './shipment/shipment.entity'
import { ReceiptAllocationEntity, ReceiptEntity } from './receipt/receipt.entity'
import { ContactEntity, CustomerEntity, FollowUpEntity, ShippingAddressEntity } from './customer/customer.entity'
import { AttachmentEntity } from './attachment/attachment.entity'
import { SalesTargetEntity } from './report/target.entity'
import { SalesMonthProductEntity } from './report/summary.entity'
import { CustomerBalanceEntity, CustomerOrderRhythmEntity, OrderFactEntity, ShipmentFactEntity } from './report/facts.entity'

/** Every entity of Kedan; the migrations must produce exactly this schema. */
export const ENTITIES = [
  UserEntity,
  SessionEntity,
  AuditLogEntity,
  SettingEntity,
  DocSequenceEntity,
  CustomerEntity,
  ContactEntity,
  ShippingAddressEntity,
  FollowUpEntity,
  ProductEntity,
  StockMoveEntity,
  SalesOrderEntity,
  SalesOrderLineEntity,
  OpportunityEntity,
  QuoteEntity,
  QuoteLineEntity,
  ShipmentEntity,
  ShipmentLineEntity,
  SalesReturnEntity,
  SalesReturnLineEntity,
  InvoiceRecordEntity,
  ReceiptEntity,
  ReceiptAllocationEntity,
  SalesTargetEntity,
  SalesMonthProductEntity,
  CustomerOrderRhythmEntity,
  ShipmentFactEntity,
  OrderFactEntity,
  CustomerBalanceEntity,
  AttachmentEntity,
]
