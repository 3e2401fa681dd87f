import { Button, Group, Menu, Modal, SegmentedControl, Text } from '@mantine/core'
import { IconChevronDown, IconDownload, IconPrinter } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useT } from '../../app/i18n/i18n'
import { notifyError } from '../../shared/notify'
import { useApiMutation } from '../../shared/query'
import { TEMPLATE_PAPERS, type BatchIn, type PdfFile, type RenderIn, type TemplatePaper } from './print.api'

/** base64 PDF → a Blob URL for the preview iframe and the download link */
export function pdfUrl(r: PdfFile): { url: string; fileName: string } {
  const bytes = Uint8Array.from(atob(r.base64), (c) => c.charCodeAt(0))
  return { url: URL.createObjectURL(new Blob([bytes], { type: r.mimeType })), fileName: r.fileName }
}

/** The printed document in a modal (Blob URL in an iframe: same in the browser and in Electron) with a download button. */
export function PdfPreviewModal({ doc, onClose }: { doc: { url: string; fileName: string } | null; onClose: () => void }) {
  const t = useT()
  useEffect(() => () => void (doc && URL.revokeObjectURL(doc.url)), [doc])
  return (
    <Modal opened={!!doc} onClose={onClose} size="80rem" title={doc?.fileName} data-testid="print-preview">
      {doc && (
        <>
          <Group justify="flex-end" mb="xs">
            <Button component="a" href={doc.url} download={doc.fileName} variant="default" size="xs" leftSection={<IconDownload size={14} />} data-testid="print-download">
              {t('print.download')}
            </Button>
          </Group>
          <iframe src={doc.url} title={doc.fileName} style={{ width: '100%', height: '75vh', border: 0 }} />
        </>
      )}
    </Modal>
  )
}

type Target = { kind: 'render'; input: Omit<RenderIn, 'paper' | 'copies'> } | { kind: 'batch'; ids: number[] }

/**
 * 打印 with a menu of papers (the template's own first) and copies (联): print.render for one document,
 * print.batch for the delivery notes selected in a list. The PDF opens in the preview modal.
 */
export function PrintButton({ target, label, testId = 'print', disabled }: { target: Target; label?: string; testId?: string; disabled?: boolean }) {
  const t = useT()
  const render = useApiMutation('print.render', { invalidate: ['auditLog.', 'order.get', 'quote.get', 'shipment.get', 'receipt.get'] })
  const batch = useApiMutation('print.batch', { invalidate: ['auditLog.'] })
  const [copies, setCopies] = useState('1')
  const [doc, setDoc] = useState<{ url: string; fileName: string } | null>(null)

  const open = (paper: TemplatePaper | undefined) => {
    const handlers = { onSuccess: (r: PdfFile) => setDoc(pdfUrl(r)), onError: notifyError }
    if (target.kind === 'render') render.mutate({ ...target.input, paper, copies: Number(copies) } as RenderIn, handlers)
    else batch.mutate({ type: 'deliveryNote', ids: target.ids, paper, copies: Number(copies) } as BatchIn, handlers)
  }

  return (
    <>
      <Menu position="bottom-end" closeOnItemClick>
        <Menu.Target>
          <Button variant="default" leftSection={<IconPrinter size={16} />} rightSection={<IconChevronDown size={14} />} loading={render.isPending || batch.isPending} disabled={disabled} data-testid={testId}>
            {label ?? t('print.action')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('print.copies')}</Menu.Label>
          <Group px="xs" pb="xs">
            <SegmentedControl size="xs" value={copies} onChange={setCopies} data={['1', '2', '3', '4']} data-testid={`${testId}-copies`} />
          </Group>
          <Menu.Label>{t('print.paper')}</Menu.Label>
          <Menu.Item onClick={() => open(undefined)} data-testid={`${testId}-template`}>
            <Text size="sm">{t('print.paper.template')}</Text>
          </Menu.Item>
          {TEMPLATE_PAPERS.map((p) => (
            <Menu.Item key={p} onClick={() => open(p)} data-testid={`${testId}-${p}`}>
              {t(`print.paper.${p}`)}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <PdfPreviewModal doc={doc} onClose={() => setDoc(null)} />
    </>
  )
}
