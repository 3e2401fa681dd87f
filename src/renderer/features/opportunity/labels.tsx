import { Badge, type BadgeProps } from '@mantine/core'
import { translate, useT } from '../../app/i18n/i18n'
import { invoke } from '../../app/transport'
import { askReason } from '../order/ReasonPrompt'
import { OPPORTUNITY_STAGES, type Opportunity, type OpportunityStage } from './opportunity.api'

export const OPP_STAGE_COLORS: Record<OpportunityStage, string> = {
  initial: 'gray',
  needs: 'cyan',
  proposal: 'blue',
  negotiation: 'orange',
  won: 'green',
  lost: 'red',
}

export const OPEN_STAGES: OpportunityStage[] = ['initial', 'needs', 'proposal', 'negotiation']

export function OppStageBadge({ stage, ...props }: { stage: OpportunityStage } & BadgeProps) {
  const t = useT()
  return (
    <Badge variant="light" color={OPP_STAGE_COLORS[stage]} data-testid="opp-stage" {...props}>
      {t(`oppStage.${stage}`)}
    </Badge>
  )
}

export const oppStageOptions = () => OPPORTUNITY_STAGES.map((s) => ({ value: s, label: translate(`oppStage.${s}`) }))

/**
 * Moves an opportunity to another stage; 输单 asks for the reason first. Resolves the moved opportunity,
 * or null when the user cancelled (or the stage is the same).
 */
export async function moveOpportunity(o: Pick<Opportunity, 'id' | 'version' | 'stage' | 'title'>, stage: OpportunityStage): Promise<Opportunity | null> {
  if (stage === o.stage) return null
  let lostReason: string | null = null
  if (stage === 'lost') {
    lostReason = await askReason({
      title: translate('opp.lostTitle', { title: o.title }),
      label: translate('opp.field.lostReason'),
      confirmLabel: translate('opp.lostConfirm'),
      danger: true,
      presets: [translate('opp.lost.price'), translate('opp.lost.competitor'), translate('opp.lost.cancelled'), translate('opp.lost.noContact')],
    })
    if (lostReason === null) return null
  }
  return invoke('opportunity.moveStage', { id: o.id, version: o.version, stage, lostReason })
}
