/**
 * Tables whose rows belong to a customer through a `customerId` column.
 * `customer.merge` moves every row of these from the source to the target;
 * a feature that adds a customer-owned document adds its table here.
 */
export const CUSTOMER_REF_TABLES: string[] = ['contacts', 'shipping_addresses', 'follow_ups', 'sales_orders', 'opportunities', 'quotes', 'shipments', 'sales_returns', 'invoices', 'receipts']
