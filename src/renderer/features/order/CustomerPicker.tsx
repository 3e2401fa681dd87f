import { Text } from '@mantine/core'
import type { ReactNode, Ref } from 'react'
import { useT } from '../../app/i18n/i18n'
import { invoke } from '../../app/transport'
import type { Customer } from '../customer/customer.api'
import classes from './LineGrid.module.css'
import { SearchPicker, type SearchPickerHandle } from './SearchPicker'

export interface CustomerRef {
  id: number
  code: string
  name: string
}

const COLS = '100px 1fr 90px 110px'

/** 客户: by name, short name, code, phone or pinyin initials (customer.search); Enter picks. */
export function CustomerPicker(props: {
  value: CustomerRef | null
  /** `typeahead`: keys typed after Enter while the pick waited (they belong to the next field) */
  onPick: (c: Customer, typeahead: string) => void
  label?: ReactNode
  error?: ReactNode
  description?: ReactNode
  autoFocus?: boolean
  disabled?: boolean
  inputRef?: Ref<HTMLInputElement>
  handleRef?: Ref<SearchPickerHandle>
  withAsterisk?: boolean
}) {
  const t = useT()
  return (
    <SearchPicker<Customer>
      selectedText={props.value ? `${props.value.name}` : ''}
      search={(q) => invoke('customer.search', { query: q || undefined, page: 1, pageSize: 20 }).then((r) => r.items)}
      exact={(q, items) => items.find((c) => c.code.toLowerCase() === q.toLowerCase() || c.name === q)}
      itemKey={(c) => c.id}
      dropdownWidth={560}
      columns={COLS}
      header={
        <>
          <span>{t('picker.customer.code')}</span>
          <span>{t('picker.customer.name')}</span>
          <span>{t('picker.customer.owner')}</span>
          <span>{t('picker.customer.phone')}</span>
        </>
      }
      renderItem={(c) => (
        <>
          <Text span ff="monospace" size="xs" className={classes.ellipsis}>
            {c.code}
          </Text>
          <span className={classes.ellipsis}>
            {c.name}
            {c.shortName ? (
              <Text span size="xs" c="dimmed">
                {' '}
                （{c.shortName}）
              </Text>
            ) : null}
          </span>
          <Text span size="xs" c="dimmed" className={classes.ellipsis}>
            {c.ownerName ?? t('picker.customer.pool')}
          </Text>
          <Text span size="xs" c="dimmed" className={classes.ellipsis}>
            {c.phone ?? c.primaryContact?.mobile ?? ''}
          </Text>
        </>
      )}
      onPick={(c, _via, ahead) => props.onPick(c, ahead)}
      inputRef={props.inputRef}
      handleRef={props.handleRef}
      testId="customer-picker"
      inputProps={{
        label: props.label ?? t('order.field.customer'),
        withAsterisk: props.withAsterisk ?? true,
        placeholder: t('picker.customer.placeholder'),
        error: props.error,
        description: props.description,
        autoFocus: props.autoFocus,
        disabled: props.disabled,
        inputWrapperOrder: ['label', 'input', 'description', 'error'],
      }}
    />
  )
}
