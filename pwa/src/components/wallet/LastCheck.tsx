// 亮证: the newest check of the licence since the screen opened ("陈静 checked it: valid"), read out
// politely by screen readers.
import { formatDateTime, t } from '../../i18n'
import type { LicenceCheck } from '../../pages/wallet/types'
import { placeLabel } from './LicenceBits'

export function LastCheck({ check }: { check: LicenceCheck | null }) {
  const ok = check?.verdict === 'valid'
  return (
    <p role="status" class={`last-check${check && !ok ? ' warn' : ''}`} data-testid="show-last-check" data-verdict={check?.verdict}>
      {check &&
        (ok
          ? t('Checked by {who} ({where}) at {when}: valid.', { who: check.verifier, where: placeLabel(check.place), when: formatDateTime(check.at) })
          : t('{who} tried to check it at {when}: {verdict}.', { who: check.verifier, when: formatDateTime(check.at), verdict: check.verdict_label }))}
    </p>
  )
}
