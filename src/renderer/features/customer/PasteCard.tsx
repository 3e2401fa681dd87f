import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core'
import { IconClipboardText, IconCopy } from '@tabler/icons-react'
import { useState } from 'react'
import { useT } from '../../app/i18n/i18n'
import type { MethodOut } from '../../app/methods'
import { invoke } from '../../app/transport'
import { notifyError, notifySuccess } from '../../shared/notify'

export type ParsedCard = MethodOut<'customer.parseCard'>

/** 粘贴识别: a textarea; 识别 asks the core (customer.parseCard) and hands the fields to the form — nothing is saved here. */
export function PasteCardModal({ opened, onClose, onParsed }: { opened: boolean; onClose: () => void; onParsed: (card: ParsedCard) => void }) {
  const t = useT()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [nothing, setNothing] = useState(false)
  const recognize = async () => {
    if (!text.trim() || busy) return
    setBusy(true)
    setNothing(false)
    try {
      const card = await invoke('customer.parseCard', { text })
      if (Object.values(card).every((v) => v === null)) return setNothing(true)
      onParsed(card)
      setText('')
      onClose()
    } catch (e) {
      notifyError(e)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal opened={opened} onClose={onClose} title={t('customer.paste.title')} size="lg" data-testid="paste-card-modal">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('customer.paste.hint')}
        </Text>
        <Textarea
          data-autofocus
          autosize
          minRows={5}
          maxRows={12}
          maxLength={2000}
          placeholder={t('customer.paste.placeholder')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          // Ctrl+Enter recognises (Enter alone is a new line in a pasted card)
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault()
              void recognize()
            }
          }}
          error={nothing ? t('customer.paste.nothing') : undefined}
          data-testid="paste-card-text"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('action.cancel')}
          </Button>
          <Button leftSection={<IconClipboardText size={16} />} loading={busy} disabled={!text.trim()} onClick={() => void recognize()} data-testid="paste-card-recognize">
            {t('customer.paste.recognize')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

/** 复制名片: the customer's name, primary contact, phone and address as lines of text for WeChat. */
export function cardText(c: { name: string; contactName?: string | null; contactTitle?: string | null; mobile?: string | null; phone?: string | null; address?: string | null }): string {
  const contact = [c.contactName, c.contactTitle].filter(Boolean).join(' ')
  return [c.name, contact, c.mobile, c.phone, c.address].filter((x) => x && x.trim()).join('\n')
}

export function CopyCardButton({ text }: { text: string }) {
  const t = useT()
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text)
      notifySuccess(t('customer.copyCard.done'))
    } catch {
      notifyError(new Error(t('customer.copyCard.failed')))
    }
  }
  return (
    <Button variant="default" leftSection={<IconCopy size={16} />} onClick={() => void copy()} data-testid="customer-copy-card">
      {t('customer.copyCard')}
    </Button>
  )
}
