// Pieces the case pages share: the error summary at the top of a form (GOV.UK pattern), the time
// limit with its 预警/超期 badge, the timeline, the answers of a form.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import type { CaseEvent, CaseSummary, StatusStep } from '../../api/types'
import { dataLang, formatDate, formatDateTime, t } from '../../i18n'
import type { FieldSpec } from '../../cases/form'
import { flagLabel, remainingLabel } from '../../cases/labels'

export interface SummaryItem {
  key: string
  text: string
  /** id of the control to focus, on this screen */
  target?: string
  /** go to the screen where the control is, then focus it */
  onSelect?: () => void
}

/** "There is a problem": every error, each a link to its field. Takes focus when it appears. */
export function ErrorSummary({ items }: { items: SummaryItem[] }) {
  const ref = useRef<HTMLDivElement>(null)
  const sig = items.map((i) => `${i.key}:${i.text}`).join('|')
  useEffect(() => {
    if (items.length) ref.current?.focus()
  }, [sig])
  if (!items.length) return null
  return (
    <div class="error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title" data-testid="error-summary">
      <h2 id="error-summary-title">{t('There is a problem')}</h2>
      <ul>
        {items.map((i) => (
          <li key={i.key}>
            <a
              href={i.target ? `#${i.target}` : '#'}
              onClick={(e) => {
                e.preventDefault()
                if (i.onSelect) i.onSelect()
                else if (i.target) focusControl(i.target)
              }}
            >
              {i.text}
            </a>
          </li>
        ))}
      </ul>
    </div>
  )
}

export function focusControl(id: string): void {
  const el = document.getElementById(id)
  if (!el) return
  el.scrollIntoView({ block: 'center' })
  el.focus({ preventScroll: true })
}

/** 预警 / 超期 as a badge with words (never colour alone). */
function FlagBadge({ flag }: { flag: string }) {
  const label = flagLabel(flag)
  if (!label) return null
  return (
    <span class={`flag flag-${flag}`} data-testid="case-flag">
      {label}
    </span>
  )
}

/** The promised time limit: the due date, working days left, and the badge. */
export function Deadline({ c }: { c: Pick<CaseSummary, 'due_date' | 'remaining_workdays' | 'flag' | 'paused' | 'deadline_provisional'> }) {
  if (!c.due_date && !c.paused) return <>{t('Counted from acceptance')}</>
  const left = remainingLabel(c.remaining_workdays, c.paused)
  return (
    <>
      {c.due_date && <span>{t('By {date}', { date: formatDate(c.due_date) })}</span>}
      {left && <span class="deadline-left">{t(' ({what})', { what: left })}</span>}
      <FlagBadge flag={c.flag} />
      {c.deadline_provisional && <span class="hint deadline-note">{t('Provisional: next year’s public holidays are not published yet.')}</span>}
    </>
  )
}

/** The case's timeline, oldest first. Staff see who acted; everyone sees where and when. */
export function Timeline({ events }: { events: (CaseEvent | StatusStep)[] }) {
  const dl = dataLang()
  if (!events.length) return <p>{t('Nothing has happened yet.')}</p>
  return (
    <ol class="timeline" data-testid="case-timeline">
      {events.map((e, i) => (
        <li key={i} class={i === events.length - 1 ? 'current' : undefined}>
          <p class="timeline-what">
            <strong>{e.label}</strong>
          </p>
          <p class="timeline-when">
            <time dateTime={e.at}>{formatDateTime(e.at)}</time>
            {'actor' in e && e.actor && (
              <>
                {t(' · ')}
                <span lang={dl}>{e.actor}</span>
              </>
            )}
            {!('actor' in e) && e.place && (
              <>
                {t(' · ')}
                <span lang={dl}>{e.place}</span>
              </>
            )}
          </p>
          {'note' in e && e.note && (
            <p class="timeline-note">
              {t('Note')}
              {t(': ')}
              <span lang={dl}>{e.note}</span>
            </p>
          )}
        </li>
      ))}
    </ol>
  )
}

/** The answers of a form, with the form's own titles (in the reader's language). */
export function Answers({ fields, values, testid }: { fields: FieldSpec[]; values: Record<string, unknown>; testid?: string }) {
  const dl = dataLang()
  return (
    <dl class="facts wide answers" data-testid={testid}>
      {fields.map((f) => {
        const v = values[f.name]
        const text = typeof v === 'string' ? v.trim() : ''
        return (
          <div key={f.name}>
            <dt lang={dl}>{f.title}</dt>
            <dd lang={text ? dl : undefined}>{text || <span class="muted">{t('Not filled in')}</span>}</dd>
          </div>
        )
      })}
    </dl>
  )
}

/** The top of a case's page: the service, what was just done (a live region), then the facts,
 * starting with the case number and the status; `children` are the facts that follow. */
export function CaseHead({ eyebrow, matter, number, status, said, saidTestid, children }: { eyebrow: string; matter: string; number: string; status: string; said: string; saidTestid: string; children?: ComponentChildren }) {
  return (
    <>
      <p class="eyebrow">{eyebrow}</p>
      <h1 lang={dataLang()}>{matter}</h1>
      <p role="status" class="result" data-testid={saidTestid}>
        {said}
      </p>
      <dl class="facts wide case-facts">
        <div>
          <dt>{t('Case number')}</dt>
          <dd class="code-value" data-testid="case-number">
            {number}
          </dd>
        </div>
        <div>
          <dt>{t('Status')}</dt>
          <dd>
            <strong data-testid="case-status">{status}</strong>
          </dd>
        </div>
        {children}
      </dl>
    </>
  )
}
