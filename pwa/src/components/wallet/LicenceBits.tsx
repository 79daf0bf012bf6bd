// Pieces of the wallet pages: a licence's status (words first, colour second), its card, the QR
// image (the server's SVG as a data: URL, as the 帮办 QR: the CSP allows data: images) and a place.
import type { ComponentChildren } from 'preact'
import { dataLang, formatDate, t } from '../../i18n'
import { DemoLabel } from '../DemoLabel'
import type { LicenceSummary } from '../../pages/wallet/types'
import './wallet.css'

export const svgDataUrl = (svg: string): string => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`

/** valid: green; suspended: amber; revoked and expired: red. */
export const statusTone = (status: string): 'ok' | 'warn' | 'bad' => (status === 'valid' ? 'ok' : status === 'suspended' ? 'warn' : 'bad')

export function StatusBadge({ status, label }: { status: string; label: string }) {
  const tone = statusTone(status)
  return (
    <span class={`licence-status tone-${tone}`} data-testid="licence-status" data-status={status}>
      <span aria-hidden="true">{tone === 'ok' ? '✓ ' : tone === 'warn' ? '! ' : '✕ '}</span>
      {label}
    </span>
  )
}

/** A check's verdict: valid, or refused / not valid in words. */
export function VerdictBadge({ verdict, label }: { verdict: string; label: string }) {
  const tone = verdict === 'valid' ? 'ok' : verdict === 'not_authorised' || verdict.startsWith('token_') ? 'warn' : 'bad'
  return (
    <span class={`licence-status tone-${tone}`} data-testid="check-verdict" data-verdict={verdict}>
      <span aria-hidden="true">{tone === 'ok' ? '✓ ' : tone === 'warn' ? '! ' : '✕ '}</span>
      {label}
    </span>
  )
}

export function validUntil(l: Pick<LicenceSummary, 'valid_until'>): string {
  return l.valid_until ? formatDate(l.valid_until) : t('Long-term')
}

/** The facts every licence shows: holder, issuer, issued, valid until. */
export function LicenceFacts({ l, children }: { l: LicenceSummary; children?: ComponentChildren }) {
  const dl = dataLang()
  return (
    <dl class="facts licence-facts">
      <div>
        <dt>{t('Holder')}</dt>
        <dd lang={dl} data-testid="licence-holder">
          {l.holder}
        </dd>
      </div>
      <div>
        <dt>{t('Issued by')}</dt>
        <dd lang={dl}>{l.issuer}</dd>
      </div>
      <div>
        <dt>{t('Valid until')}</dt>
        <dd data-testid="licence-valid-until">{validUntil(l)}</dd>
      </div>
      {children}
    </dl>
  )
}

/** Whether staff may be shown it (亮证): valid, and its seal still on the trust list. */
export const showable = (l: LicenceSummary): boolean => l.status === 'valid' && l.seal_trusted !== false

/** Said when its seal's key is off the trust list: every check then answers that the issuer is not trusted. */
export function SealNotice({ l }: { l: LicenceSummary }) {
  if (l.seal_trusted !== false) return null
  return (
    <p class="callout" data-testid="licence-seal-untrusted">
      {t('The seal of this licence is no longer on the trust list: a check says its issuer is not trusted, and it cannot be shown to staff. Ask the department that issued it.')}
    </p>
  )
}

/** The licence's name with its status and the demo label, as a card's or a page's heading. */
export function LicenceName({ l, level = 2, href, id }: { l: LicenceSummary; level?: 1 | 2; href?: string; id?: string }) {
  const H = level === 1 ? 'h1' : 'h2'
  return (
    <>
      <H id={id} class={level === 2 ? 'card-title licence-name' : 'licence-name'}>
        {href ? (
          <a href={href} data-testid="licence-open">
            <span lang={dataLang()}>{l.type_name}</span>
          </a>
        ) : (
          <span lang={dataLang()} data-testid="licence-type">
            {l.type_name}
          </span>
        )}
      </H>
      <p class="licence-tags">
        <StatusBadge status={l.status} label={l.status_label} />
        <DemoLabel demo={l.demo} />
      </p>
    </>
  )
}

/** A QR code as an image: white background, black modules, never inverted. */
export function QrImage({ svg, alt, testid, big, stale }: { svg: string; alt: string; testid: string; big?: boolean; stale?: boolean }) {
  return <img class={`licence-qr${big ? ' big' : ''}${stale ? ' stale' : ''}`} src={svgDataUrl(svg)} alt={alt} data-testid={testid} width={240} height={240} />
}

/** Where a check happened: the window's or the department's name, as the server records it. */
export function placeLabel(place: string): string {
  return place || t('Not recorded')
}
