// /wallet/:id/checks (谁查看了我的证照): every check of the licence, newest first, failed attempts
// too: when, who, where, why (the purpose they stated), for which case, and the verdict.
import { useLocation } from 'preact-iso'
import { useApi } from '../../api/useApi'
import { useSessionEnded } from '../../auth/session'
import { useTitle } from '../../context'
import { dataLang, formatDateTime, t } from '../../i18n'
import { useActing } from '../../acting'
import { ErrorView, Loading } from '../../components/ErrorView'
import { VerdictBadge, placeLabel } from '../../components/wallet/LicenceBits'
import { useWalletMe } from './hooks'
import { licencePath, walletHref, type CheckPage, type LicenceCheck, type LicenceSummary } from './types'
import '../cases/cases.css'

const PER_PAGE = 20

export function Checks({ id }: { id?: string }) {
  const { me } = useWalletMe()
  const { acting } = useActing()
  const { query } = useLocation()
  const page = Math.max(1, Math.min(10_000, parseInt(query.page ?? '1', 10) || 1))
  const licence = useApi<LicenceSummary>(me && id ? licencePath(id) : null)
  const res = useApi<CheckPage>(me && id ? `${licencePath(id)}/checks` : null, { page, per_page: PER_PAGE })
  useSessionEnded(res.error ?? licence.error)
  useTitle(t('Who checked this licence'))
  const name = licence.data?.type_name

  return (
    <>
      <p class="eyebrow">{acting ? t('Licences of {name}', { name: acting.name }) : t('My licences')}</p>
      <h1>{t('Who checked this licence')}</h1>
      {name && (
        <p class="lead" lang={dataLang()} data-testid="checks-licence">
          {name}
        </p>
      )}
      <p>{t('Every time the licence is scanned or looked up, it is listed here, newest first: also the attempts that were refused.')}</p>
      {res.error ? (
        <ErrorView error={res.error} onRetry={res.reload} />
      ) : !res.data ? (
        <Loading />
      ) : res.data.total === 0 ? (
        <p class="empty" data-testid="checks-empty">
          {t('Nobody has checked this licence yet.')}
        </p>
      ) : (
        <>
          <p class="count" data-testid="checks-count">
            {t('{n} checks', { n: res.data.total })}
          </p>
          <ol class="check-list">
            {res.data.items.map((c, i) => (
              <CheckItem key={`${c.at}-${i}`} c={c} />
            ))}
          </ol>
          {res.data.pages > 1 && <Pager id={id ?? ''} page={res.data.page} pages={res.data.pages} />}
        </>
      )}
      <p class="where-back">
        <a href={id ? walletHref(id) : '/wallet'}>{t('Back to the licence')}</a>
      </p>
    </>
  )
}

function CheckItem({ c }: { c: LicenceCheck }) {
  const dl = dataLang()
  const tone = c.verdict === 'valid' ? 'ok' : c.verdict === 'not_authorised' || c.verdict.startsWith('token_') ? 'warn' : 'bad'
  return (
    <li class={`card check-item tone-${tone}`} data-testid="check-item">
      <h2>
        <time dateTime={c.at}>{formatDateTime(c.at)}</time>
      </h2>
      <p>
        <VerdictBadge verdict={c.verdict} label={c.verdict_label} />
      </p>
      <dl class="facts">
        <div>
          <dt>{t('Who')}</dt>
          <dd lang={dl} data-testid="check-verifier">
            {c.verifier}
          </dd>
        </div>
        <div>
          <dt>{t('Where')}</dt>
          <dd lang={dl}>{placeLabel(c.place)}</dd>
        </div>
        <div>
          <dt>{t('Why')}</dt>
          <dd lang={dl} data-testid="check-purpose">
            {c.purpose || t('Not stated')}
          </dd>
        </div>
        <div>
          <dt>{t('Kind of check')}</dt>
          <dd>{c.kind === 'presentation' ? t('Scanned the code you showed') : t('Scanned the fixed QR code')}</dd>
        </div>
        {c.case && (
          <div>
            <dt>{t('For case')}</dt>
            <dd class="code-value">{c.case}</dd>
          </div>
        )}
      </dl>
    </li>
  )
}

function Pager({ id, page, pages }: { id: string; page: number; pages: number }) {
  const href = (n: number) => walletHref(id, `/checks${n > 1 ? `?page=${n}` : ''}`)
  return (
    <nav class="pager" aria-label={t('Pages')}>
      {page > 1 ? (
        <a class="btn secondary" href={href(page - 1)} data-testid="checks-prev">
          {t('Newer checks')}
        </a>
      ) : (
        <span />
      )}
      <span>{t('Page {page} of {pages}', { page, pages })}</span>
      {page < pages ? (
        <a class="btn secondary" href={href(page + 1)} data-testid="checks-next">
          {t('Older checks')}
        </a>
      ) : (
        <span />
      )}
    </nav>
  )
}
