// /me/cases (我的办件): my applications, newest first, each with its status and time limit.
import { useLocation } from 'preact-iso'
import { useApi } from '../../api/useApi'
import type { CasePage, CaseSummary } from '../../api/types'
import { useSessionEnded, useSignedIn } from '../../auth/session'
import { useTitle } from '../../context'
import { dataLang, formatDateTime, t } from '../../i18n'
import { ErrorView, Loading } from '../../components/ErrorView'
import { Deadline } from '../../components/cases/CaseBits'
import { useActing } from '../../acting'
import './cases.css'

const enc = encodeURIComponent

export function CaseCard({ c, href, staff }: { c: CaseSummary; href: string; staff?: boolean }) {
  const dl = dataLang()
  // 代办: the summary names the agent when the server sends one (applicant and agent both shown).
  const parties = c as CaseSummary & { agent?: { name?: string } | null; applicant?: { name?: string } | null }
  const agent = parties.agent?.name ? parties.agent.name : null
  return (
    <li class={`card case-card flag-border-${c.flag}`} data-testid="case-item">
      <h2 class="card-title">
        <a href={href} data-testid="case-link">
          <span lang={dl}>{c.matter.name}</span>
        </a>
      </h2>
      <dl class="facts">
        <div>
          <dt>{t('Case number')}</dt>
          <dd class="code-value">{c.number}</dd>
        </div>
        <div>
          <dt>{t('Status')}</dt>
          <dd>
            <strong>{c.status_label}</strong>
          </dd>
        </div>
        {agent && (
          <>
            {parties.applicant?.name && (
              <div>
                <dt>{t('Applicant')}</dt>
                <dd data-testid="case-item-applicant">{parties.applicant.name}</dd>
              </div>
            )}
            <div>
              <dt>{t('Agent')}</dt>
              <dd data-testid="case-item-agent">{agent}</dd>
            </div>
          </>
        )}
        {staff && (
          <div>
            <dt>{t('Submitted at')}</dt>
            <dd>{c.submitted_at ? formatDateTime(c.submitted_at) : '—'}</dd>
          </div>
        )}
        {!staff && (
          <div>
            <dt>{c.submitted_at ? t('Submitted at') : t('Started at')}</dt>
            <dd>{formatDateTime(c.submitted_at ?? c.created_at)}</dd>
          </div>
        )}
        {(c.due_date || c.paused) && (
          <div>
            <dt>{t('Promised decision')}</dt>
            <dd>
              <Deadline c={c} />
            </dd>
          </div>
        )}
      </dl>
    </li>
  )
}

export function Pager({ page, pages, to }: { page: number; pages: number; to: (p: number) => string }) {
  if (pages <= 1) return null
  return (
    <nav class="pagination" aria-label={t('Pages')}>
      {page > 1 ? <a class="btn secondary" href={to(page - 1)}>{t('Previous page')}</a> : <span />}
      <span class="page-of">{t('Page {page} of {pages}', { page, pages })}</span>
      {page < pages ? <a class="btn secondary" href={to(page + 1)}>{t('Next page')}</a> : <span />}
    </nav>
  )
}

export function MyCases() {
  const me = useSignedIn()
  const { query } = useLocation()
  const page = Math.max(1, parseInt(query.page ?? '1', 10) || 1)
  const res = useApi<CasePage>(me ? '/me/cases' : null, { page, per_page: 10 })
  useSessionEnded(res.error)
  const { acting } = useActing()
  const title = acting ? t('Cases of {name}', { name: acting.name }) : t('My cases')
  useTitle(title)
  return (
    <>
      <h1>{title}</h1>
      {acting && (
        <p class="callout" data-testid="acting-cases-note">
          {t('You are acting for {name}: these are their applications that your authorisation covers. What you apply for now is in their name.', { name: acting.name })}
        </p>
      )}
      {res.error && <ErrorView error={res.error} onRetry={res.reload} />}
      {!res.data && !res.error && <Loading />}
      {res.data && (
        <>
          {res.data.total === 0 ? (
            <div class="empty">
              <p>{acting ? t('{name} has no applications that your authorisation covers yet.', { name: acting.name }) : t('You have not applied for anything yet.')}</p>
              <p>
                <a href="/search">{t('Find a service')}</a>
              </p>
            </div>
          ) : (
            <>
              <p class="count">{t('{n} cases', { n: res.data.total })}</p>
              <ul class="cards">
                {res.data.items.map((c) => (
                  <CaseCard key={c.number} c={c} href={`/cases/${enc(c.number)}`} />
                ))}
              </ul>
              <Pager page={res.data.page} pages={res.data.pages} to={(p) => `/me/cases${p > 1 ? `?page=${p}` : ''}`} />
            </>
          )}
          <p>
            <a href="/case-status">{t('Look up a case with its query code')}</a>
          </p>
        </>
      )}
    </>
  )
}
