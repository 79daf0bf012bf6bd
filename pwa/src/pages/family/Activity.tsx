// /family/activity (代办记录): what the people who act for me did in my name, newest first; an item
// about a case links to it.
import { useLocation } from 'preact-iso'
import { useApi } from '../../api/useApi'
import { useSessionEnded, useSignedIn } from '../../auth/session'
import { useTitle } from '../../context'
import { formatDateTime, t } from '../../i18n'
import { useActing } from '../../acting'
import { ErrorView, Loading } from '../../components/ErrorView'
import { Pager } from '../cases/MyCases'
import { isCaseNumber } from '../../family/labels'
import type { ActPage } from '../../family/types'
import './family.css'

const enc = encodeURIComponent

export function Activity() {
  const me = useSignedIn()
  const { acting } = useActing()
  const { query } = useLocation()
  const page = Math.max(1, parseInt(query.page ?? '1', 10) || 0)
  const res = useApi<ActPage>(me && !acting ? '/me/mandates/activity' : null, { page, per_page: 20 })
  useSessionEnded(res.error)
  useTitle(t('What was done in my name'))
  return (
    <>
      <h1>{t('What was done in my name')}</h1>
      {acting && <p class="callout">{t('You are acting for {name} now. To see or change your own authorisations, stop acting for someone first.', { name: acting.name })}</p>}
      {res.error && <ErrorView error={res.error} onRetry={res.reload} />}
      {!acting && !res.data && !res.error && <Loading />}
      {res.data &&
        (res.data.total === 0 ? (
          <p class="empty">{t('Nobody has done anything in your name yet.')}</p>
        ) : (
          <>
            <p class="count">{t('{n} records', { n: res.data.total })}</p>
            <ul class="cards">
              {res.data.items.map((a, i) => (
                <li key={`${a.at}-${i}`} class="card" data-testid="activity-item">
                  <p class="activity-what">
                    <strong>{t('{agent}: {what}', { agent: a.agent, what: a.label })}</strong>
                  </p>
                  <p class="timeline-when">
                    <time dateTime={a.at}>{formatDateTime(a.at)}</time>
                  </p>
                  {isCaseNumber(a.object_id) && (
                    <a href={`/cases/${enc(a.object_id)}`} data-testid="activity-case">
                      {t('See case {number}', { number: a.object_id })}
                    </a>
                  )}
                </li>
              ))}
            </ul>
            <Pager page={res.data.page} pages={res.data.pages} to={(p) => `/family/activity${p > 1 ? `?page=${p}` : ''}`} />
          </>
        ))}
      <p class="where-back">
        <a href="/family">{t('Back to my family')}</a>
      </p>
    </>
  )
}
