import { Grid, Text } from '@mantine/core'
import type { ReactNode } from 'react'

/** One fact of an order's or a quote's header: a dimmed label over the value (— when empty), in a grid column. */
export function Fact({ label, children, span = 3 }: { label: string; children: ReactNode; span?: number }) {
  return (
    <Grid.Col span={{ base: 6, md: span }}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" style={{ wordBreak: 'break-word' }}>
        {children === null || children === undefined || children === '' ? <Text span c="dimmed">—</Text> : children}
      </Text>
    </Grid.Col>
  )
}
