// /wallet/:id (证照详情): the licence's fields with readable names, its status and history, the static
// QR (verifiable with no network: it is on the PDF too), the PDF, 亮证 and who checked it. Offline,
// the summary and the static QR kept on the device.
import { useEffect } from 'preact/hooks'
import type { ApiError } from '../../api/client'
import type { Profile } from '../../api/types'
import { useApi } from '../../api/useApi'
import { useSessionEnded } from '../../auth/session'
import { useTitle, useUi } from '../../context'
import { dataLang, formatDate, formatDateTime, t } from '../../i18n'
import { useActing } from '../../acting'
import { ErrorView, Loading } from '../../components/ErrorView'
import { LicenceFacts, LicenceName, QrImage, SealNotice, showable } from '../../components/wallet/LicenceBits'
import { PdfLink } from '../../components/wallet/PdfLink'
import { keepLicence, mayKeep, readWallet } from './cache'
import { useWalletMe } from './hooks'
import { licencePath, walletHref, type Licence, type LicenceSummary } from './types'
import '../cases/cases.css'

/** What the page shows: the licence from the server, or the summary and static QR kept offline. */
export interface LicenceView {
  l?: LicenceSummary
  full?: Licence
  qrSvg?: string
  /** the licence could not be fetched for want of a network (shown from the device, if kept) */
  offline: boolean
  error?: ApiError
  reload: () => void
  me: Profile | null | undefined
  online: boolean
}

export function useLicence(id: string | undefined): LicenceView {
  const { me, online, offlineStart } = useWalletMe()
  const { state } = useUi()
  const { acting } = useActing()
  const res = useApi<Licence>(me && id ? licencePath(id) : null)
  useSessionEnded(res.error)
  useEffect(() => {
    if (me && res.data && mayKeep(state.kiosk, !!acting)) keepLicence(me.account_id, res.data)
  }, [me?.account_id, res.data])
  if (res.data) return { l: res.data, full: res.data, qrSvg: res.data.static_qr_svg, offline: false, reload: res.reload, me, online }
  const offline = offlineStart || !!res.error?.offline
  const kept = offline && !acting ? readWallet(me ? me.account_id : undefined) : null
  const l = kept?.items.find((x) => String(x.id) === id)
  return { l, qrSvg: kept?.qr[id ?? '']?.static_qr_svg, offline, error: res.error, reload: res.reload, me, online }
}

export function LicencePage({ id }: { id?: string }) {
  const { acting } = useActing()
  const { l, full, qrSvg, offline, error, reload } = useLicence(id)
  useTitle(l ? l.type_name : t('Licence'))
  const eyebrow = acting ? t('Licences of {name}', { name: acting.name }) : t('My licences')

  if (!l) {
    return (
      <>
        <p class="eyebrow">{eyebrow}</p>
        <h1>{t('Licence')}</h1>
        {offline ? (
          <p class="offline-note" data-testid="wallet-offline">
            {t('You are offline, and this licence is not kept on this device.')}
          </p>
        ) : error ? (
          <ErrorView error={error} onRetry={reload} />
        ) : (
          <Loading />
        )}
        <Back />
      </>
    )
  }
  const dl = dataLang()
  // The holder is shown with the summary already.
  const fields = full?.fields ? Object.entries(full.fields).filter(([k, v]) => k !== 'holder_name' && v !== null && v !== undefined && v !== '') : []
  return (
    <>
      <p class="eyebrow">{eyebrow}</p>
      <LicenceName l={l} level={1} />
      {offline && (
        <p class="offline-note" data-testid="wallet-offline">
          {t('You are offline. The QR code below still works: staff can check it without the network.')}
        </p>
      )}
      <SealNotice l={l} />
      {showable(l) && !offline && (
        <p>
          <a class="btn wide" href={walletHref(l.id, '/show')} data-testid="licence-show">
            {t('Show to staff')}
          </a>
        </p>
      )}
      {l.status !== 'valid' && (
        <p class="callout" data-testid="licence-not-valid">
          {t('This licence is not valid now ({status}), so it cannot be shown to staff.', { status: l.status_label })}
        </p>
      )}

      <section class="section" aria-labelledby="licence-facts-h">
        <h2 id="licence-facts-h">{t('What the licence says')}</h2>
        <LicenceFacts l={l}>
          {fields.map(([k, v]) => (
            <div key={k}>
              <dt lang={dl}>{full?.field_labels[k] ?? k}</dt>
              <dd lang={dl} data-testid="licence-field">
                {String(v)}
              </dd>
            </div>
          ))}
          <div>
            <dt>{t('Issued on')}</dt>
            <dd>{formatDate(l.issued_on)}</dd>
          </div>
          <div>
            <dt>{t('Licence number')}</dt>
            <dd class="code-value licence-id" data-testid="licence-identifier">
              {l.identifier}
            </dd>
          </div>
          {full?.case && (
            <div>
              <dt>{t('Issued for case')}</dt>
              <dd>
                <a href={`/cases/${encodeURIComponent(full.case)}`}>{full.case}</a>
              </dd>
            </div>
          )}
        </LicenceFacts>
      </section>

      <section class="section qr-box" aria-labelledby="licence-qr-h">
        <h2 id="licence-qr-h">{t('QR code of the licence')}</h2>
        {qrSvg ? (
          <QrImage svg={qrSvg} alt={t('QR code of {licence}, checkable without the network', { licence: l.type_name })} testid="licence-static-qr" />
        ) : (
          <p>{t('The QR code is not kept on this device.')}</p>
        )}
        <p class="hint">{t('This code stays the same and is printed on the PDF. Anyone can check it, even without the network; it shows only your masked name and ID number. To let staff see more, use Show to staff.')}</p>
      </section>

      {!offline && (
        <section class="section" aria-labelledby="licence-more-h">
          <h2 id="licence-more-h">{t('More')}</h2>
          <div class="licence-actions">
            <PdfLink id={l.id} name={l.type_name} />
            <a class="btn secondary" href={walletHref(l.id, '/checks')} data-testid="licence-checks">
              {t('Who checked this licence')}
            </a>
          </div>
        </section>
      )}

      {full && full.history.length > 0 && (
        <section class="section" aria-labelledby="licence-history-h">
          <h2 id="licence-history-h">{t('History')}</h2>
          <ol class="timeline" data-testid="licence-history">
            {full.history.map((e, i) => (
              <li key={`${e.kind}-${e.at}-${i}`} class={i === full.history.length - 1 ? 'current' : undefined}>
                <p>
                  <strong>{e.label}</strong>
                </p>
                <p class="timeline-when">
                  <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                </p>
                {e.note && (
                  <p class="timeline-note" lang={dl}>
                    {e.note}
                  </p>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
      <Back />
    </>
  )
}

function Back() {
  return (
    <p class="where-back">
      <a href="/wallet">{t('All licences')}</a>
    </p>
  )
}
