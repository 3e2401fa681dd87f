import { NumberInput, type NumberInputProps } from '@mantine/core'
import { fenToYuanString, yuanToFen } from './money'

/** A yuan input whose value is integer fen (the contract's unit). */
export function MoneyInput({
  value,
  onChange,
  ...props
}: Omit<NumberInputProps, 'value' | 'onChange'> & { value: number | null; onChange: (fen: number | null) => void }) {
  return (
    <NumberInput
      prefix="¥"
      thousandSeparator=","
      decimalScale={2}
      fixedDecimalScale
      hideControls
      min={0}
      allowNegative={false}
      value={value === null ? '' : fenToYuanString(value)}
      onChange={(v) => onChange(yuanToFen(v))}
      styles={{ input: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' } }}
      {...props}
    />
  )
}
