// /wallet (我的证照): the signed-in person's e-licences as cards; acting for someone, theirs (the API
// lists what the mandate covers). The list and each static QR are kept on the device, so the wallet
// opens offline too. 长辈版: one licence per screen, with big buttons to go to the next one.
import { useEffect, useState } from 'preact/hooks'
import { apiGet } from '../../api/client'
import { useApi } from '../../api/useApi'
import { useSessionEnded } from '../../auth/session'
import { useTitle, useUi } from '../../context'
import { formatDateTime, t } from '../../i18n'
import { useActing } from '../../acting'
import { ErrorView, Loading } from '../../components/ErrorView'
import { HelpCard } from '../../components/HelpCard'
import { LicenceFacts, LicenceName, SealNotice, showable, statusTone } from '../../components/wallet/LicenceBits'
import { keepLicence, keepList, mayKeep, missingQr, readWallet } from './cache'
import { useWalletMe } from './hooks'
import { licencePath, walletHref, type Licence, type LicenceList, type LicenceSummary } from './types'

export function Wallet() {
  const { me, online, offlineStart } = useWalletMe()
  const { state } = useUi()
  const { acting } = useActing()
  const title = acting ? t('Licences of {name}', { name: acting.name }) : t('My licences')
  useTitle(title)
  const res = useApi<LicenceList>(me ? '/me/licences' : null)
  useSessionEnded(res.error)
  const keep = mayKeep(state.kiosk, !!acting)

  // Keep the list, and fetch once the static QR of each licence not kept yet (for offline use).
  useEffect(() => {
    if (!me || !res.data || !keep) return
    keepList(me.account_id, res.data.items)
    const w = readWallet(me.account_id)
    if (!w) return
    const ctl = new AbortController()
    void (async () => {
      for (const l of missingQr(w)) {
        try {
          keepLicence(me.account_id, await apiGet<Licence>(licencePath(l.id), undefined, { signal: ctl.signal }))
        } catch {
          return
        }
      }
    })()
    return () => ctl.abort()
  }, [me?.account_id, res.data, keep])

  const kept = !acting && (offlineStart || res.error?.offline) ? readWallet(me ? me.account_id : undefined) : null
  const items = res.data?.items ?? kept?.items
  const head = (
    <>
      <h1>{title}</h1>
      {acting && (
        <p class="wallet-owner" data-testid="wallet-owner">
          {t('These are the licences of {name} that your authorisation lets you see.', { name: acting.name })}
        </p>
      )}
    </>
  )

  if (!items) {
    if (res.error && !res.error.offline) return <>{head}<ErrorView error={res.error} onRetry={res.reload} /></>
    if (res.error?.offline || offlineStart) {
      return (
        <>
          {head}
          <p class="offline-note" data-testid="wallet-offline">
            {t('You are offline, and no licences are kept on this device yet. Open My licences once while online.')}
          </p>
        </>
      )
    }
    return (
      <>
        {head}
        <Loading />
      </>
    )
  }
  return (
    <>
      {head}
      {kept && (
        <p class="offline-note" data-testid="wallet-offline">
          {t('You are offline. These are the licences kept on this device on {when}; their status may have changed since.', { when: formatDateTime(new Date(kept.saved).toISOString()) })}
        </p>
      )}
      {items.length === 0 ? (
        <p class="empty" data-testid="wallet-empty">
          {acting ? t('There are no licences here that you may see.') : t('You have no electronic licences yet. When a department issues one to you, it shows here.')}
        </p>
      ) : state.elder ? (
        <ElderCards items={items} online={online && !kept} />
      ) : (
        <>
          <p class="count" data-testid="wallet-count">
            {t('{n} licences', { n: items.length })}
          </p>
          <ul class="cards wallet-cards">
            {items.map((l) => (
              <LicenceCard key={l.id} l={l} online={online && !kept} />
            ))}
          </ul>
        </>
      )}
      <p class="hint">{t('When you show a licence, staff scan the code on your phone, and you see who checked it.')}</p>
      {state.elder && <HelpCard headingId="wallet-help" title={t('Need help?')} />}
    </>
  )
}

function Actions({ l, online }: { l: LicenceSummary; online: boolean }) {
  return (
    <div class="licence-actions">
      {showable(l) && online && (
        <a class="btn" href={walletHref(l.id, '/show')} data-testid="licence-show">
          {t('Show to staff')}
          <span class="visually-hidden">{t(': {what}', { what: l.type_name })}</span>
        </a>
      )}
      <a class="btn secondary" href={walletHref(l.id)} data-testid="licence-details">
        {online ? t('Details and QR code') : t('Show the QR code')}
        <span class="visually-hidden">{t(': {what}', { what: l.type_name })}</span>
      </a>
    </div>
  )
}

function LicenceCard({ l, online }: { l: LicenceSummary; online: boolean }) {
  return (
    <li class={`card licence-card tone-${statusTone(l.status)}`} data-testid="licence-card" data-licence={l.id}>
      <LicenceName l={l} href={walletHref(l.id)} />
      <LicenceFacts l={l} />
      <SealNotice l={l} />
      <Actions l={l} online={online} />
    </li>
  )
}

/** 长辈版: one licence at a time, the way through them in big buttons. */
function ElderCards({ items, online }: { items: LicenceSummary[]; online: boolean }) {
  const [i, setI] = useState(0)
  const at = Math.min(i, items.length - 1)
  const l = items[at]!
  return (
    <section class={`card elder-card licence-card tone-${statusTone(l.status)}`} aria-labelledby="elder-licence-h" data-testid="licence-card" data-licence={l.id}>
      <p class="elder-steps" data-testid="wallet-step">
        {t('Licence {i} of {n}', { i: at + 1, n: items.length })}
      </p>
      <LicenceName l={l} id="elder-licence-h" />
      <LicenceFacts l={l} />
      <SealNotice l={l} />
      <Actions l={l} online={online} />
      {items.length > 1 && (
        <div class="elder-nav">
          <button type="button" class="btn secondary" disabled={at === 0} onClick={() => setI(at - 1)} data-testid="wallet-prev">
            {t('Previous licence')}
          </button>
          <button type="button" class="btn secondary" disabled={at === items.length - 1} onClick={() => setI(at + 1)} data-testid="wallet-next">
            {t('Next licence')}
          </button>
        </div>
      )}
    </section>
  )
}
