// /apply/:code (在线申请): for a signed-in person, the matter and the identity level it needs — said
// before the form, not after — then the way in: the online form (/apply/:code/form) when the level is
// enough, and the windows as the other way to apply.
import { useSignedIn } from '../auth/session'
import { useTitle } from '../context'
import { dataLang, t } from '../i18n'
import { useApi } from '../api/useApi'
import type { MatterDetail } from '../api/types'
import { assuranceLabel, levelRank, levelWords } from '../labels'
import { offersOnline, offersWindow } from '../directory'
import { AssuranceHint } from '../components/AssuranceHint'
import { DemoLabel } from '../components/DemoLabel'
import { ErrorView, Loading } from '../components/ErrorView'
import { WindowList } from '../components/WhereToApply'
import '../components/where.css'

export function Apply({ code }: { code?: string }) {
  const me = useSignedIn()
  const res = useApi<MatterDetail>(me && code ? `/matters/${encodeURIComponent(code)}` : null)
  const m = res.data
  useTitle(t('Apply online'))

  if (res.error) return <ErrorView level={1} error={res.error} onRetry={res.reload} />
  if (!me || !m) {
    return (
      <>
        <h1>{t('Apply online')}</h1>
        <Loading />
      </>
    )
  }
  const guide = `/matters/${encodeURIComponent(m.code)}`
  const enough = levelRank(me.assurance) >= levelRank(m.min_assurance)
  const online = offersOnline(m)
  const atWindow = offersWindow(m)
  return (
    <>
      <h1>{t('Apply online')}</h1>
      <p class="lead" lang={dataLang()} data-testid="apply-matter">
        {m.name}
      </p>
      <DemoLabel demo={m.demo} />
      <dl class="facts wide">
        <div>
          <dt>{t('Identity check needed')}</dt>
          <dd data-testid="apply-needs" data-level={m.min_assurance}>{assuranceLabel(m.min_assurance)}</dd>
        </div>
        <div>
          <dt>{t('Identity level')}</dt>
          <dd data-level={me.assurance}>
            <strong>{levelWords(me.assurance)}</strong>
          </dd>
        </div>
      </dl>
      {enough ? (
        <p class="notice level-ok" data-testid="assurance-ok">
          {t('Your identity level is enough for this service.')}
        </p>
      ) : (
        <AssuranceHint min={m.min_assurance} />
      )}
      {online && enough && (
        <p class="apply-start">
          <a class="btn primary" href={`/apply/${encodeURIComponent(m.code)}/form`} data-testid="apply-start">
            {t('Fill in the application')}
          </a>
        </p>
      )}
      {(!online || atWindow) && (
        <section class="section" aria-labelledby="apply-how">
          <h2 id="apply-how">{online ? t('Or apply at a window') : t('How to apply')}</h2>
          {!online && (
            <p data-testid="apply-placeholder">
              {t('This service cannot be applied for online. Hand in your application at one of the windows below.')}
            </p>
          )}
          {atWindow && <WindowList matter={m} idPrefix="apply" />}
        </section>
      )}
      <p class="where-back">
        <a href={guide}>{t('Back to the service guide')}</a>
      </p>
    </>
  )
}
