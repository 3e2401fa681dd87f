import { Button, Group, Menu, Modal } from '@mantine/core'
import { IconChevronDown, IconDownload, IconPrinter } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useT } from '../../app/i18n/i18n'
import { notifyError } from '../../shared/notify'
import { useApiMutation } from '../../shared/query'
import { PAPERS, type PrintPaper } from './shipment.api'

/**
 * 打印送货单: the server builds the PDF (print.render, which counts the print); it opens in a modal as a Blob URL in an iframe,
 * which works the same in the browser and in Electron (where window.open is denied), with a download link beside it.
 */
export function PrintDeliveryNoteMenu({ shipmentId }: { shipmentId: number }) {
  const t = useT()
  const print = useApiMutation('print.render', { invalidate: ['auditLog.', 'shipment.get'] })
  const [doc, setDoc] = useState<{ url: string; fileName: string } | null>(null)
  useEffect(() => () => void (doc && URL.revokeObjectURL(doc.url)), [doc])

  const open = (paper: PrintPaper) =>
    print.mutate(
      { type: 'deliveryNote', id: shipmentId, paper },
      {
        onSuccess: (r) => {
          const bytes = Uint8Array.from(atob(r.base64), (c) => c.charCodeAt(0))
          setDoc({ url: URL.createObjectURL(new Blob([bytes], { type: r.mimeType })), fileName: r.fileName })
        },
        onError: notifyError,
      },
    )

  return (
    <>
      <Menu position="bottom-end">
        <Menu.Target>
          <Button variant="default" leftSection={<IconPrinter size={16} />} rightSection={<IconChevronDown size={14} />} loading={print.isPending} data-testid="shipment-print">
            {t('shipment.print.action')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {PAPERS.map((p) => (
            <Menu.Item key={p} onClick={() => open(p)} data-testid={`shipment-print-${p}`}>
              {t(`shipment.print.paper.${p}`)}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={!!doc} onClose={() => setDoc(null)} size="80rem" title={doc?.fileName} data-testid="print-preview">
        {doc && (
          <>
            <Group justify="flex-end" mb="xs">
              <Button component="a" href={doc.url} download={doc.fileName} variant="default" size="xs" leftSection={<IconDownload size={14} />}>
                {t('shipment.print.download')}
              </Button>
            </Group>
            <iframe src={doc.url} title={doc.fileName} style={{ width: '100%', height: '75vh', border: 0 }} />
          </>
        )}
      </Modal>
    </>
  )
}
