import { Button, Group, Stack, Text, Textarea } from '@mantine/core'
import { modals } from '@mantine/modals'
import { useState, type ReactNode } from 'react'
import { translate, useT } from '../../app/i18n/i18n'
import { submitOnCtrlEnter } from '../../shared/hotkeys'

function ReasonForm(props: { message?: ReactNode; label: string; required: boolean; confirmLabel: string; danger?: boolean; presets?: string[]; onDone: (v: string | null) => void }) {
  const t = useT()
  const [value, setValue] = useState('')
  const [error, setError] = useState<string | null>(null)
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        const v = value.trim()
        if (props.required && !v) return setError(t('reason.required', { label: props.label }))
        props.onDone(v)
      }}
    >
      <Stack gap="sm">
        {props.message && (typeof props.message === 'string' ? <Text size="sm">{props.message}</Text> : props.message)}
        <Textarea
          label={props.label}
          withAsterisk={props.required}
          autosize
          minRows={2}
          maxRows={6}
          maxLength={500}
          data-autofocus
          value={value}
          error={error}
          onChange={(e) => {
            setValue(e.currentTarget.value)
            setError(null)
          }}
          onKeyDown={submitOnCtrlEnter}
          data-testid="reason-input"
        />
        {props.presets && props.presets.length > 0 && (
          <Group gap={6}>
            {props.presets.map((p) => (
              <Button key={p} size="compact-xs" variant="light" color="gray" onClick={() => setValue(p)} tabIndex={-1}>
                {p}
              </Button>
            ))}
          </Group>
        )}
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {t('hotkey.submit')}
          </Text>
          <Group gap="xs">
            <Button variant="default" onClick={() => props.onDone(null)}>
              {t('action.cancel')}
            </Button>
            <Button type="submit" color={props.danger ? 'red' : undefined} data-testid="reason-ok">
              {props.confirmLabel}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  )
}

/** Asks for a reason (作废 / 关闭 / 输单 / 特批 …). Resolves the trimmed text, or null when cancelled. */
export function askReason(opts: { title: ReactNode; label: string; message?: ReactNode; required?: boolean; confirmLabel?: string; danger?: boolean; presets?: string[] }): Promise<string | null> {
  return new Promise((resolve) => {
    let settled = false
    const done = (v: string | null) => {
      if (settled) return
      settled = true
      modals.close(id)
      resolve(v)
    }
    const id = modals.open({
      title: opts.title,
      onClose: () => done(null),
      children: (
        <ReasonForm
          message={opts.message}
          label={opts.label}
          required={opts.required ?? true}
          confirmLabel={opts.confirmLabel ?? translate('action.confirm')}
          danger={opts.danger}
          presets={opts.presets}
          onDone={done}
        />
      ),
    })
  })
}
