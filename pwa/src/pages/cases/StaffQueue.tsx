// /staff/queue (待办件): the cases of my department, nearest their time limit first, with 预警 and
// 超期 badges; filters by status and by 超期 in the address (?status=&overdue=&page=).
import { useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { useApi } from '../../api/useApi'
import type { CasePage } from '../../api/types'
import { useAuth } from '../../auth/session'
import { useTitle } from '../../context'
import { t } from '../../i18n'
import { ErrorView, Loading } from '../../components/ErrorView'
import { QUEUE_STATUSES, staffStatusLabel } from '../../cases/labels'
import { CaseCard, Pager } from './MyCases'
import './cases.css'

const enc = encodeURIComponent

export function StaffDenied() {
  return (
    <div class="notice staff-denied">
      <p>{t('Staff work needs a staff session. Use the staff sign-in with your passkey (with a PIN, fingerprint or face).')}</p>
      <p>
        <a href="/staff/signin" class="btn" data-testid="link-staff-signin">
          {t('Staff sign-in')}
        </a>
      </p>
    </div>
  )
}

function queueHref(p: { status?: string; overdue?: string; page?: number }): string {
  const q = new URLSearchParams()
  if (p.status) q.set('status', p.status)
  if (p.overdue) q.set('overdue', p.overdue)
  if (p.page && p.page > 1) q.set('page', String(p.page))
  const s = q.toString()
  return `/staff/queue${s ? `?${s}` : ''}`
}

export function StaffQueue() {
  const { me } = useAuth()
  const { query, route } = useLocation()
  useTitle(t('Cases to handle'))
  const status = (QUEUE_STATUSES as readonly string[]).includes(query.status ?? '') ? query.status! : ''
  const overdue = query.overdue === 'true' || query.overdue === 'false' ? query.overdue : ''
  const page = Math.max(1, parseInt(query.page ?? '1', 10) || 1)
  const res = useApi<CasePage>(me === undefined ? null : '/staff/queue', { status, overdue, page, per_page: 20 })
  const denied = res.error && (res.error.status === 401 || res.error.status === 403)
  const [f, setF] = useState({ status, overdue })

  return (
    <>
      <p class="crumbs">
        <a href="/staff">{t('Staff workbench')}</a>
      </p>
      <h1>{t('Cases to handle')}</h1>
      {denied && <StaffDenied />}
      {res.error && !denied && <ErrorView error={res.error} onRetry={res.reload} />}
      {!denied && (
        <form
          class="filters"
          onSubmit={(e) => {
            e.preventDefault()
            route(queueHref(f))
          }}
        >
          <div class="field">
            <label for="queue-status">{t('Status')}</label>
            <select id="queue-status" data-testid="queue-status" value={f.status} onChange={(e) => setF((o) => ({ ...o, status: e.currentTarget.value }))}>
              <option value="">{t('All open cases')}</option>
              {QUEUE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {staffStatusLabel(s)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="queue-overdue">{t('Time limit')}</label>
            <select id="queue-overdue" data-testid="queue-overdue" value={f.overdue} onChange={(e) => setF((o) => ({ ...o, overdue: e.currentTarget.value }))}>
              <option value="">{t('All')}</option>
              <option value="true">{t('Only overdue')}</option>
              <option value="false">{t('Not overdue')}</option>
            </select>
          </div>
          <button type="submit" class="btn" data-testid="queue-filter">
            {t('Show')}
          </button>
        </form>
      )}
      {!res.data && !res.error && <Loading />}
      {res.data && (
        <section class="section" aria-labelledby="queue-h">
          <h2 id="queue-h" class="count">
            {t('{n} cases, nearest their time limit first', { n: res.data.total })}
          </h2>
          {res.data.total === 0 ? (
            <p class="empty">{t('No cases here.')}</p>
          ) : (
            <ul class="cards">
              {res.data.items.map((c) => (
                <CaseCard key={c.number} c={c.status === 'supplement_requested' ? { ...c, status_label: staffStatusLabel(c.status) } : c} href={`/staff/cases/${enc(c.number)}`} staff />
              ))}
            </ul>
          )}
          <Pager page={res.data.page} pages={res.data.pages} to={(p) => queueHref({ status, overdue, page: p })} />
        </section>
      )}
    </>
  )
}
