import { Autocomplete, Button, Group, Modal, NumberInput, Select, SimpleGrid, Text, Textarea, TextInput } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { useForm } from '@mantine/form'
import { useCallback, useEffect, useRef, useState } from 'react'
import { Link } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useCurrentUser } from '../../app/session'
import { invoke } from '../../app/transport'
import { ConflictAlert, useVersionedEdit } from '../../shared/conflict'
import { applyServerErrors, focusFirstError } from '../../shared/formErrors'
import { useSaveHotkey } from '../../shared/hotkeys'
import { formatFen } from '../../shared/money'
import { MoneyInput } from '../../shared/MoneyInput'
import { notifyError, notifySuccess } from '../../shared/notify'
import { useApiQuery, useInvalidate } from '../../shared/query'
import { CustomerPicker, type CustomerRef } from '../order/CustomerPicker'
import { SELLER_ROLES } from '../order/roles'
import { useUserOptions } from '../users/useUsers'
import { oppStageOptions } from './labels'
import { OPPORTUNITY_QUERIES, type Opportunity, type OpportunityStage } from './opportunity.api'

interface Values extends Record<string, unknown> {
  title: string
  amountFen: number
  stage: OpportunityStage
  lostReason: string
  expectedCloseOn: string | null
  ownerId: string | null
  source: string
  remark: string
}

const blank = (): Values => ({ title: '', amountFen: 0, stage: 'initial', lostReason: '', expectedCloseOn: null, ownerId: null, source: '', remark: '' })

function fromOpp(o: Opportunity): Values {
  return {
    title: o.title,
    amountFen: o.amountFen,
    stage: o.stage,
    lostReason: o.lostReason ?? '',
    expectedCloseOn: o.expectedCloseOn,
    ownerId: o.ownerId ? String(o.ownerId) : null,
    source: o.source ?? '',
    remark: o.remark ?? '',
  }
}

export type OpportunityTarget = { mode: 'new'; customer?: CustomerRef; stage?: OpportunityStage } | { mode: 'edit'; opportunity: Opportunity } | null

/** 商机: create (customer, title, amount, stage, expected close, owner, source) or edit (versioned; a stage change moves it). */
export function OpportunityModal({ target, onClose }: { target: OpportunityTarget; onClose: () => void }) {
  const t = useT()
  const me = useCurrentUser()
  const invalidate = useInvalidate()
  const opened = target !== null
  const editing = target?.mode === 'edit' ? target.opportunity : null
  const { options: userOptions } = useUserOptions()
  const settings = useApiQuery('settings.get', {}, { enabled: opened, staleTime: 5 * 60_000 })
  const [customer, setCustomer] = useState<CustomerRef | null>(null)
  const [customerError, setCustomerError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const ref = useRef<HTMLFormElement>(null)
  const form = useForm<Values>({
    initialValues: blank(),
    validate: {
      title: (v) => (v.trim() ? null : t('opp.error.title')),
      lostReason: (v, values) => (values.stage === 'lost' && !v.trim() ? t('opp.error.lostReason') : null),
    },
  })
  const load = useCallback(async () => {
    const o = await invoke('opportunity.get', { id: editing!.id })
    return { values: fromOpp(o), version: o.version }
  }, [editing])
  const versioned = useVersionedEdit(form, load)

  useEffect(() => {
    if (!opened) return
    form.clearErrors()
    setCustomerError(null)
    if (editing) {
      versioned.init(fromOpp(editing), editing.version)
      setCustomer({ id: editing.customerId, code: '', name: editing.customerName })
    } else {
      versioned.dismiss()
      const v = { ...blank(), stage: target?.mode === 'new' ? (target.stage ?? 'initial') : 'initial', ownerId: me.role === 'sales' || me.role === 'manager' ? String(me.id) : null }
      form.setValues(v)
      form.resetDirty(v)
      setCustomer(target?.mode === 'new' ? (target.customer ?? null) : null)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [target])

  const done = async (o: Opportunity, message: string) => {
    await invalidate(OPPORTUNITY_QUERIES)
    notifySuccess(message)
    onClose()
  }
  const showErrors = (e: unknown) => {
    const { placed } = applyServerErrors(form, e, { fields: Object.keys(blank()) })
    if (placed) focusFirstError(ref.current)
    notifyError(e)
  }
  const update = async (changes: Partial<Values>, version: number) => {
    const { stage, lostReason, ...rest } = changes
    let o = editing!
    const fields: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(rest)) fields[k] = k === 'ownerId' ? (v ? Number(v) : null) : typeof v === 'string' && k !== 'title' ? v.trim() || null : v
    let v = version
    if (Object.keys(fields).length) {
      // opportunity.update clears source and remark that are left out, so they always travel
      const cur = form.getValues()
      fields.source ??= cur.source.trim() || null
      fields.remark ??= cur.remark.trim() || null
      o = await invoke('opportunity.update', { id: o.id, version: v, ...fields })
      v = o.version
    }
    const values = form.getValues()
    if (stage !== undefined || (values.stage === 'lost' && lostReason !== undefined)) {
      o = await invoke('opportunity.moveStage', { id: o.id, version: v, stage: values.stage, lostReason: values.stage === 'lost' ? values.lostReason.trim() : null })
    }
    await done(o, t('opp.saved', { title: o.title }))
  }

  const save = async () => {
    if (busy) return
    const check = form.validate()
    if (!editing && !customer) setCustomerError(t('order.error.customer'))
    if (check.hasErrors || (!editing && !customer)) return focusFirstError(ref.current)
    setBusy(true)
    try {
      if (!editing) {
        const v = form.getValues()
        const o = await invoke('opportunity.create', {
          customerId: customer!.id,
          title: v.title.trim(),
          amountFen: v.amountFen || 0,
          stage: v.stage,
          lostReason: v.stage === 'lost' ? v.lostReason.trim() : null,
          expectedCloseOn: v.expectedCloseOn,
          ownerId: v.ownerId ? Number(v.ownerId) : null,
          source: v.source.trim() || null,
          remark: v.remark.trim() || null,
        })
        await done(o, t('opp.created', { title: o.title }))
      } else {
        const ch = versioned.changes()
        if (!Object.keys(ch).length) return onClose()
        await update(ch, versioned.version!)
      }
    } catch (e) {
      if (!versioned.catchConflict(e)) showErrors(e)
    } finally {
      setBusy(false)
    }
  }
  useSaveHotkey(() => void save(), opened)

  const probs = settings.data?.opportunityProbabilities
  const stage = form.values.stage
  return (
    <Modal opened={opened} onClose={onClose} size="lg" title={editing ? t('opp.editTitle', { title: editing.title }) : t('opp.newTitle')}>
      {versioned.conflict && (
        <ConflictAlert
          conflict={versioned.conflict}
          busy={versioned.busy}
          onReload={() => void versioned.reload().catch(notifyError)}
          onOverwrite={() => void versioned.overwrite((ch, v) => update(ch, v)).catch((e) => (versioned.catchConflict(e) ? undefined : showErrors(e)))}
        />
      )}
      <form
        ref={ref}
        noValidate
        data-testid="opp-form"
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
          <div style={{ gridColumn: 'span 2' }}>
            {editing ? (
              <TextInput label={t('order.field.customer')} value={editing.customerName} readOnly rightSection={<Link to={`/customers/${editing.customerId}`}>↗</Link>} />
            ) : (
              <CustomerPicker value={customer} autoFocus={!customer} error={customerError} onPick={(c) => (setCustomer({ id: c.id, code: c.code, name: c.name }), setCustomerError(null))} />
            )}
          </div>
          <TextInput label={t('opp.field.title')} withAsterisk data-autofocus={!!customer || !!editing} {...form.getInputProps('title')} description={versioned.theirs('title')} style={{ gridColumn: 'span 2' }} data-testid="opp-title" />
          <MoneyInput label={t('opp.field.amount')} value={form.values.amountFen} onChange={(fen) => form.setFieldValue('amountFen', fen ?? 0)} description={versioned.theirs('amountFen', (v) => formatFen(v as number))} data-testid="opp-amount" />
          <Select
            label={t('opp.field.stage')}
            data={oppStageOptions()}
            allowDeselect={false}
            {...form.getInputProps('stage')}
            description={probs ? t('opp.probability', { p: probs[stage] ?? 0 }) : undefined}
            data-testid="opp-stage-select"
          />
          {stage === 'lost' && <Textarea label={t('opp.field.lostReason')} withAsterisk autosize minRows={1} {...form.getInputProps('lostReason')} style={{ gridColumn: 'span 2' }} />}
          <DateInput label={t('opp.field.expectedCloseOn')} valueFormat="YYYY-MM-DD" clearable {...form.getInputProps('expectedCloseOn')} description={versioned.theirs('expectedCloseOn')} />
          <Select label={t('opp.field.owner')} data={userOptions} searchable clearable {...form.getInputProps('ownerId')} />
          <Autocomplete label={t('opp.field.source')} data={settings.data?.sources ?? []} {...form.getInputProps('source')} />
          <NumberInput label={t('opp.field.probability')} value={probs?.[stage] ?? ''} readOnly hideControls suffix="%" description={t('opp.probabilityHint')} />
          <Textarea label={t('opp.field.remark')} autosize minRows={2} maxRows={5} {...form.getInputProps('remark')} style={{ gridColumn: 'span 2' }} />
        </SimpleGrid>
        <Group justify="space-between" mt="md">
          <Text size="xs" c="dimmed">
            {t('hotkey.save')}
          </Text>
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('action.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!SELLER_ROLES.includes(me.role)} data-testid="opp-save">
              {t('action.save')}
            </Button>
          </Group>
        </Group>
      </form>
    </Modal>
  )
}
