// One line under the scanner's heading: how old the trust list kept on this device is (what offline
// checks rely on), or that there is none yet, or that the server's could not be confirmed.
import { t } from '../../i18n'
import type { RefreshResult } from '../../verify/trustList'
import { minutesAgo } from './Verdict'

export function TrustNote({ state, now }: { state: RefreshResult & { loading: boolean }; now: number }) {
  const { trust, problem, loading } = state
  let text: string
  if (trust) text = t('Trust list for offline checks: updated {ago}.', { ago: minutesAgo(trust.fetchedAt, now) })
  else if (loading) text = t('Getting the trust list…')
  else text = t('No trust list on this device yet: licence QR codes cannot be checked offline until it is fetched.')
  const refused = problem === 'bad_signature' || problem === 'other_signer' || problem === 'older'
  return (
    <p class="hint trust-note" data-testid="trust-status" data-ready={trust ? 'true' : 'false'}>
      {text}
      {refused && <> {t('The list the server sent could not be confirmed, so the one kept on this device is used.')}</>}
    </p>
  )
}
