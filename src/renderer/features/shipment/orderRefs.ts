import { useQuery } from '@tanstack/react-query'
import type { MethodName, Page, PageParams } from '../../app/methods'
import { invoke } from '../../app/transport'

/**
 * The few order fields the delivery screens read (src/core/order/order.schemas.ts).
 * The order feature owns the `order.*` entries of MethodMap; these screens call the methods through
 * `invokeLoose` so the two declarations can never clash. Query keys are the same `[method, params]`,
 * so invalidating 'order.' refreshes these too.
 */
export interface OrderRefLine {
  id: number
  lineNo: number
  productId: number
  productCode: string
  productName: string
  spec: string | null
  unit: string
  quantity: string
  unitPrice: string
  taxRate: number
  discountPct: string
  amountFen: number
  shipped: string
  returned: string
  open: string
}

export interface OrderRef {
  id: number
  number: string
  customerId: number
  customerName: string
  customerCode: string
  addressId: number | null
  salespersonName: string | null
  orderDate: string
  promisedDate: string | null
  paymentTermDays: number
  priceIncludesTax: boolean
  status: string
  statusLabel: string
  totalFen: number
  shippedFen: number
  returnedFen: number
  receivedFen: number
  invoicedFen: number
  receivableFen: number
  remark: string | null
  version: number
}

export interface OrderRefDetail extends OrderRef {
  lines: OrderRefLine[]
  address: { id: number; receiver: string; phone: string | null; address: string } | null
}

export interface OrderRefSearchIn extends PageParams {
  query?: string
  customerId?: number
  status?: string | string[]
  sort?: string
}

/** A contract call the typed MethodMap of this build may not (yet) name. Same transport, same errors. */
export function invokeLoose<T>(method: string, params: unknown): Promise<T> {
  return invoke(method as MethodName, params as never) as unknown as Promise<T>
}

export function useOrderRef(id: number | null) {
  return useQuery<OrderRefDetail, Error>({
    queryKey: ['order.get', { id }],
    queryFn: () => invokeLoose<OrderRefDetail>('order.get', { id }),
    enabled: !!id && id > 0,
  })
}

export function useOrderRefSearch(params: OrderRefSearchIn, opts: { enabled?: boolean } = {}) {
  return useQuery<Page<OrderRef>, Error>({
    queryKey: ['order.search', params],
    queryFn: () => invokeLoose<Page<OrderRef>>('order.search', params),
    placeholderData: (prev) => prev,
    enabled: opts.enabled ?? true,
  })
}

/** The states an order can ship from. */
export const SHIPPABLE_ORDER_STATUSES = ['approved', 'partially_shipped'] as const
