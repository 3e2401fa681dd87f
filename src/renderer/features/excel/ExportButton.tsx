import { Button } from '@mantine/core'
import { IconFileExport } from '@tabler/icons-react'
import { useMutation } from '@tanstack/react-query'
import { invoke } from '../../app/transport'
import type { MethodIn } from '../../app/methods'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { hasCapability } from '../../../core/auth/permissions'
import { notifyError, notifySuccess } from '../../shared/notify'
import { saveBase64 } from './download'

type ExportIn = MethodIn<'export.xlsx'>

/** 导出: the list with the filters and sort on screen, as a typed .xlsx (the core applies the caller's scope). */
export function ExportButton({ list, filters, sort }: { list: ExportIn['list']; filters?: Record<string, unknown>; sort?: string | null }) {
  const t = useT()
  const { user } = useSession()
  const run = useMutation({
    mutationFn: () => {
      const clean = Object.fromEntries(Object.entries(filters ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== ''))
      return invoke('export.xlsx', { list, ...(Object.keys(clean).length ? { filters: clean } : {}), ...(sort ? { sort } : {}) })
    },
    onSuccess: (r) => {
      saveBase64(r.fileName, r.mimeType, r.base64)
      notifySuccess(t('excel.exported', { file: r.fileName }))
    },
    onError: notifyError,
  })
  if (!user || !hasCapability(user.role, 'exports')) return null
  return (
    <Button size="xs" variant="default" leftSection={<IconFileExport size={14} />} loading={run.isPending} onClick={() => run.mutate()} data-testid={`export-${list}`}>
      {t('excel.export')}
    </Button>
  )
}
