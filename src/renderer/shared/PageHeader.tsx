import { Anchor, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core'
import { useDocumentTitle } from '@mantine/hooks'
import type { ReactNode } from 'react'
import { Link } from 'react-router-dom'

export interface Crumb {
  label: ReactNode
  to?: string
}

/** Title row of a page: breadcrumbs, title with an optional badge/extra, a subtitle, and the page's actions on the right. */
export function PageHeader({
  title,
  documentTitle,
  extra,
  subtitle,
  crumbs,
  actions,
}: {
  title: ReactNode
  /** text for the window title; defaults to `title` when it is a string */
  documentTitle?: string
  extra?: ReactNode
  subtitle?: ReactNode
  crumbs?: Crumb[]
  actions?: ReactNode
}) {
  useDocumentTitle(`${documentTitle ?? (typeof title === 'string' ? title : '')} · 客单`.replace(/^ · /, ''))
  return (
    <Group justify="space-between" align="flex-end" wrap="nowrap" mb="sm" gap="md">
      <Stack gap={2} style={{ minWidth: 0 }}>
        {crumbs && crumbs.length > 0 && (
          <Breadcrumbs separatorMargin={6} fz="xs">
            {crumbs.map((c, i) =>
              c.to ? (
                <Anchor key={i} component={Link} to={c.to} fz="xs" c="dimmed">
                  {c.label}
                </Anchor>
              ) : (
                <Text key={i} fz="xs" c="dimmed">
                  {c.label}
                </Text>
              ),
            )}
          </Breadcrumbs>
        )}
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Title order={3} fw={600} style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }} data-testid="page-title">
            {title}
          </Title>
          {extra}
        </Group>
        {subtitle && (
          <Text size="sm" c="dimmed">
            {subtitle}
          </Text>
        )}
      </Stack>
      {actions && (
        <Group gap="xs" wrap="nowrap">
          {actions}
        </Group>
      )}
    </Group>
  )
}
