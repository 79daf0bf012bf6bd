// The verdict of one scan, for a clerk at a window: one very large word with its colour and icon
// (green tick 有效, red cross 无效 with the exact reason; grey question mark when it could not be
// checked offline), what kind of code it was, what the licence says, and whether it was checked
// offline and with how old a trust list.
import { formatDate, t } from '../../i18n'
import type { Verification } from '../../verify/types'
import { fieldLabel, kindLabel, verdictLabel } from './labels'

export interface Shown extends Verification {
  /** set when checked on this device: when the trust list was fetched (ms) */
  trustFetchedAt?: number
  /** set when the code cannot be checked without the network */
  needsNetwork?: boolean
  /** a licence QR code, offline, and no trust list on this device */
  noTrust?: boolean
}

function Icon({ kind }: { kind: 'ok' | 'bad' | 'unknown' }) {
  return (
    <svg class="verdict-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="11" fill="currentColor" />
      {kind === 'ok' && <path d="M6.5 12.5l3.5 3.5 7.5-8" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round" />}
      {kind === 'bad' && <path d="M8 8l8 8M16 8l-8 8" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" />}
      {kind === 'unknown' && (
        <>
          <path d="M9 9.2a3 3 0 1 1 4.2 2.7c-.8.4-1.2 1-1.2 1.8v.6" fill="none" stroke="#fff" stroke-width="2.4" stroke-linecap="round" />
          <circle cx="12" cy="17.6" r="1.4" fill="#fff" />
        </>
      )}
    </svg>
  )
}

export function minutesAgo(at: number, now: number = Date.now()): string {
  const min = Math.max(0, Math.floor((now - at) / 60_000))
  if (min < 1) return t('less than a minute ago')
  if (min < 120) return t('{n} minutes ago', { n: min })
  const hours = Math.floor(min / 60)
  return hours < 48 ? t('{n} hours ago', { n: hours }) : t('{n} days ago', { n: Math.floor(hours / 24) })
}

function Facts({ r }: { r: Verification }) {
  const l = r.licence
  if (!l) return null
  const fields = Object.entries(l.fields ?? {}).filter(([k, v]) => k !== 'holder_name' && k !== 'holder_id' && v !== null && v !== '') // shown above
  return (
    <dl class="facts verdict-facts" data-testid="verdict-licence">
      <div><dt>{t('Licence')}</dt><dd data-testid="verdict-type">{l.type_name || l.type}</dd></div>
      <div><dt>{t('Holder')}</dt><dd data-testid="verdict-holder">{l.holder}</dd></div>
      <div><dt>{t('ID number or credit code')}</dt><dd data-testid="verdict-id">{l.id_hint}</dd></div>
      <div><dt>{t('Issued by')}</dt><dd data-testid="verdict-issuer">{l.issuer}</dd></div>
      <div><dt>{t('Issued on')}</dt><dd>{formatDate(l.issued_on)}</dd></div>
      <div><dt>{t('Valid until')}</dt><dd>{l.valid_until ? formatDate(l.valid_until) : t('No end date')}</dd></div>
      {fields.map(([k, v]) => (
        <div key={k}><dt>{fieldLabel(k)}</dt><dd>{String(v)}</dd></div>
      ))}
      <div><dt>{t('Licence identifier')}</dt><dd class="verdict-identifier" data-testid="verdict-identifier">{l.identifier}</dd></div>
    </dl>
  )
}

export function VerdictView({ r, now = Date.now() }: { r: Shown; now?: number }) {
  const ok = r.verdict === 'valid' && !r.needsNetwork
  const look = r.needsNetwork ? 'unknown' : ok ? 'ok' : 'bad'
  const word = r.needsNetwork ? t('Cannot be checked offline') : ok ? t('It is valid') : t('It is not valid')
  const offline = r.offline || r.needsNetwork
  return (
    <div class={`verdict verdict-${look}`} data-testid="verdict" data-verdict={r.needsNetwork ? 'needs_network' : r.verdict} data-kind={r.kind} data-offline={offline ? 'true' : 'false'}>
      <p class="verdict-word" data-testid="verdict-word">
        <Icon kind={look} />
        <span>{word}</span>
      </p>
      {r.needsNetwork ? (
        <p class="verdict-reason" data-testid="verdict-reason">
          {r.noTrust ? t('This device has no trust list yet, so it cannot check licence QR codes offline. Open this page once with the network on.') : r.kind === 'presentation' ? t('A licence shown on the holder’s phone is checked with the server. Connect to the network and scan a new code, or ask for the licence’s own QR code.') : t('This code is checked with the server. Connect to the network and scan it again.')}
        </p>
      ) : (
        !ok && (
          <p class="verdict-reason" data-testid="verdict-reason">
            {r.verdict_label || verdictLabel(r.verdict)}
          </p>
        )
      )}
      <p class="verdict-kind" data-testid="verdict-kind">{kindLabel(r.kind)}</p>
      {r.offline && (
        <div class="verdict-offline" data-testid="verdict-offline">
          <p>
            <strong>{t('Checked offline')}</strong>
            {r.trustFetchedAt !== undefined && <> · {t('Trust list updated {ago}', { ago: minutesAgo(r.trustFetchedAt, now) })}</>}
          </p>
          {r.kind === 'static_licence' && r.licence && <p>{t('Checked offline: whether the licence was revoked or suspended could not be checked.')}</p>}
        </div>
      )}
      <Facts r={r} />
      {r.kind === 'receipt' && r.verdict === 'valid' && r.case && (
        <p>
          <a class="btn" href={`/staff/cases/${encodeURIComponent(r.case)}`} data-testid="verdict-open-case">
            {t('Open case {number}', { number: r.case })}
          </a>
        </p>
      )}
      {r.kind === 'assist_session' && r.verdict === 'valid' && r.code && (
        <p>
          <a class="btn" href={`/staff/assist?code=${encodeURIComponent(r.code)}`} data-testid="verdict-open-assist">
            {t('Help with help session {code}', { code: r.code })}
          </a>
        </p>
      )}
    </div>
  )
}
