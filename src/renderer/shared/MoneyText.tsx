import { Text, type TextProps } from '@mantine/core'
import { formatFen } from './money'

/** fen → ¥1,234.50, right-aligned tabular digits; red when negative. */
export function MoneyText({ fen, ...props }: { fen: number | null | undefined } & TextProps) {
  return (
    <Text span ff="var(--kedan-font-numeric)" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }} c={fen !== null && fen !== undefined && fen < 0 ? 'red' : undefined} {...props}>
      {formatFen(fen)}
    </Text>
  )
}
