// /me/inbox (我的消息): what the platform told me about my cases (accepted, completed, fee paid, parcel
// sent…), newest first. Opening a message marks it read and goes to its case; the header's count
// follows (src/inbox.ts).
import { useState } from 'preact/hooks'
import { apiPost } from '../api/client'
import { useApi } from '../api/useApi'
import type { InboxList, InboxMessage } from '../api/types'
import { useSessionEnded, useSignedIn } from '../auth/session'
import { useTitle } from '../context'
import { dataLang, formatDateTime, t } from '../i18n'
import { ErrorView, Loading } from '../components/ErrorView'
import { inboxChanged, inboxTarget } from '../cases/around'
import './cases/cases.css'
import '../components/cases/around.css'

export function Inbox() {
  const me = useSignedIn()
  const res = useApi<InboxList>(me ? '/me/inbox' : null)
  useSessionEnded(res.error)
  useTitle(t('Messages'))
  const [read, setRead] = useState<Record<number, string>>({})

  /** Opening a message marks it read. A link's own click goes on to the case (the router takes it);
   * the request is not tied to this page, so it completes after the page changes. */
  const markRead = (m: InboxMessage) => {
    if (m.read_at || read[m.id]) return
    setRead((r) => ({ ...r, [m.id]: new Date().toISOString() }))
    void apiPost(`/me/inbox/${m.id}/read`, {}).then(inboxChanged, () => {
      // Not marked (offline): show it unread again.
      setRead(({ [m.id]: _gone, ...rest }) => rest)
    })
  }

  if (!me || (!res.data && !res.error)) {
    return (
      <>
        <h1>{t('Messages')}</h1>
        <Loading />
      </>
    )
  }
  if (res.error) {
    return (
      <>
        <h1>{t('Messages')}</h1>
        <ErrorView error={res.error} onRetry={res.reload} />
      </>
    )
  }
  const box = res.data!
  const unread = box.items.filter((m) => !m.read_at && !read[m.id]).length
  const dl = dataLang()
  return (
    <>
      <h1>{t('Messages')}</h1>
      <p class="count" data-testid="inbox-count">
        {box.items.length === 0 ? t('No messages yet. When something happens to your applications, you are told here and by text message.') : unread ? t('{n} unread', { n: unread }) : t('All read')}
      </p>
      {box.items.length > 0 && (
        <ul class="cards inbox">
          {box.items.map((m) => {
            const isRead = !!(m.read_at || read[m.id])
            const to = inboxTarget(m.link)
            return (
              <li key={m.id} class={`card inbox-item${isRead ? ' read' : ' unread'}`} data-testid="inbox-item" data-read={isRead ? 'true' : 'false'}>
                <h2 class="card-title">
                  {!isRead && (
                    <span class="unread-badge" data-testid="inbox-unread">
                      {t('Unread')}
                    </span>
                  )}
                  <span lang={dl}>{m.title}</span>
                </h2>
                <p lang={dl} class="inbox-body">
                  {m.body}
                </p>
                <p class="timeline-when">
                  <time dateTime={m.created_at}>{formatDateTime(m.created_at)}</time>
                </p>
                {to ? (
                  <a class="btn secondary" href={to} data-testid="inbox-open" onClick={() => markRead(m)}>
                    {t('See the case')}
                    <span class="visually-hidden">{t(': {title}', { title: m.title })}</span>
                  </a>
                ) : (
                  !isRead && (
                    <button type="button" class="btn secondary" data-testid="inbox-mark-read" onClick={() => markRead(m)}>
                      {t('Mark as read')}
                      <span class="visually-hidden">{t(': {title}', { title: m.title })}</span>
                    </button>
                  )
                )}
              </li>
            )
          })}
        </ul>
      )}
      <p class="where-back">
        <a href="/me/cases">{t('All my cases')}</a>
      </p>
    </>
  )
}
