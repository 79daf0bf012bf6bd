// /staff/mandates/review (监护关系审核): guardians ask to act for the person in their care and upload
// the court or civil-affairs document. A supervisor (or a civil-affairs reviewer) opens the
// document, then approves the guardianship (it is in force at once) or refuses it with a reason
// the guardian reads. Nothing is decided before the document is there.
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, apiPost } from '../../api/client'
import { useApi } from '../../api/useApi'
import type { Profile } from '../../api/types'
import { useAuth } from '../../auth/session'
import { useTitle } from '../../context'
import { dataLang, formatDateTime, t } from '../../i18n'
import { ErrorView, Loading } from '../../components/ErrorView'
import { FormAlert } from '../../components/Form'
import { TextArea } from '../../components/cases/FieldInput'
import { MandateFacts } from '../../components/window/MandateFacts'
import { asApiError, SELF, type Mandate, type MandateList } from '../../components/window/staffMandates'
import { StaffDenied } from '../cases/StaffQueue'
import '../cases/cases.css'
import '../window/window.css'
import '../../components/window/mandates.css'

const enc = encodeURIComponent

/** A supervisor, or a reviewer of a civil-affairs (民政, -MZ) department, reviews guardianships. */
export const reviewsGuardianship = (me: Profile | null | undefined): boolean =>
  (me?.staff ?? []).some((s) => s.active && (s.role === 'supervisor' || (s.role === 'reviewer' && s.unit_code.endsWith('-MZ'))))

export function MandateReview() {
  const { me } = useAuth()
  useTitle(t('Guardianships to review'))
  const res = useApi<MandateList>(me && reviewsGuardianship(me) ? '/staff/mandates/review' : null)
  const [done, setDone] = useState<string[]>([])
  const [said, setSaid] = useState('')
  const head = (
    <>
      <p class="crumbs">
        <a href="/staff">{t('Staff workbench')}</a>
      </p>
      <h1>{t('Guardianships to review')}</h1>
    </>
  )
  if (me === undefined) return <>{head}<Loading /></>
  if (!me || !reviewsGuardianship(me)) {
    return (
      <>
        {head}
        {me && me.staff.some((s) => s.active) ? <p class="notice" data-testid="review-only">{t('Supervisors and civil-affairs reviewers review guardianships.')}</p> : <StaffDenied />}
      </>
    )
  }
  if (res.error) return <>{head}{res.error.status === 401 || res.error.status === 403 ? <StaffDenied /> : <ErrorView error={res.error} onRetry={res.reload} />}</>
  if (!res.data) return <>{head}<Loading /></>
  const waiting = res.data.items.filter((m) => !done.includes(m.id))
  return (
    <>
      {head}
      <p>{t('A guardian asks to act for the person in their care with a court judgment or a civil-affairs certificate. Open the document and check that it names both people before you decide.')}</p>
      <p role="status" class="status-note" data-testid="review-said">
        {said}
      </p>
      {waiting.length === 0 ? (
        <p class="notice" data-testid="review-empty">
          {t('No guardianship is waiting for review.')}
        </p>
      ) : (
        <ul class="cards" data-testid="review-list">
          {waiting.map((m) => (
            <ReviewItem
              key={m.id}
              m={m}
              onDone={(next, words) => {
                setDone((d) => [...d, next.id])
                setSaid(words)
              }}
            />
          ))}
        </ul>
      )}
    </>
  )
}

function ReviewItem({ m, onDone }: { m: Mandate; onDone: (m: Mandate, words: string) => void }) {
  const [open, setOpen] = useState<'confirm' | 'refuse' | null>(null)
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<string[] | undefined>()
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const form = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (open) form.current?.focus()
  }, [open])
  const dl = dataLang()
  const id = `review-${m.id}`
  const asked = m.history.find((h) => h.kind === 'asked')

  const run = async (e: Event) => {
    e.preventDefault()
    if (!open) return
    if (open === 'refuse' && !note.trim()) {
      setErrors([t('Give the reason: the guardian will read it.')])
      document.getElementById(`${id}-note`)?.focus()
      return
    }
    setBusy(true)
    setProblem(null)
    try {
      const next = await apiPost<Mandate>(`/mandates/${enc(m.id)}/${open}`, open === 'refuse' ? { note: note.trim() } : {}, SELF)
      onDone(
        next,
        open === 'confirm'
          ? t('Approved: {agent} may now act for {principal} as guardian.', { agent: m.agent.name, principal: m.principal.name })
          : t('Refused: {agent} was told why.', { agent: m.agent.name }),
      )
    } catch (x) {
      const a = asApiError(x)
      if (a.errors?.note) setErrors(a.errors.note)
      else setProblem(a)
    } finally {
      setBusy(false)
    }
  }

  return (
    <li class="card review-card" data-testid="review-item" data-mandate={m.id}>
      <h2 class="card-title">
        <span lang={dl}>{t('{agent} asks to be the guardian of {principal}', { agent: m.agent.name, principal: m.principal.name })}</span>
      </h2>
      <MandateFacts m={m}>
        {asked && (
          <div>
            <dt>{t('Asked on')}</dt>
            <dd>{formatDateTime(asked.at)}</dd>
          </div>
        )}
      </MandateFacts>
      {m.has_evidence ? (
        <p>
          <a class="btn secondary" href={`/api/v1/mandates/${enc(m.id)}/evidence`} download data-testid="review-evidence">
            {t('Download the guardianship document')}
            <span class="visually-hidden">{t(': {what}', { what: m.agent.name })}</span>
          </a>
        </p>
      ) : (
        <p class="notice" data-testid="review-no-evidence">
          {t('The guardian has not uploaded the document yet. It can be decided once it is there.')}
        </p>
      )}
      <div class="actions">
        {m.has_evidence && (
          <button type="button" class={`btn ${open === 'confirm' ? '' : 'secondary'}`} aria-expanded={open === 'confirm'} aria-controls={`${id}-form`} data-testid="review-approve" onClick={() => { setOpen(open === 'confirm' ? null : 'confirm'); setProblem(null) }}>
            {t('Approve the guardianship')}
          </button>
        )}
        <button type="button" class={`btn ${open === 'refuse' ? '' : 'secondary'}`} aria-expanded={open === 'refuse'} aria-controls={`${id}-form`} data-testid="review-refuse" onClick={() => { setOpen(open === 'refuse' ? null : 'refuse'); setProblem(null) }}>
          {t('Refuse the guardianship')}
        </button>
      </div>
      {open && (
        <form id={`${id}-form`} class="action-form" noValidate onSubmit={(e) => void run(e)}>
          <h3 ref={form} tabIndex={-1}>
            {open === 'confirm' ? t('Approve the guardianship') : t('Refuse the guardianship')}
          </h3>
          <FormAlert error={problem} fields={['note']} />
          {open === 'confirm' ? (
            <p>{t('{agent} may then act for {principal} as the terms above say. Approve only when the document names both of them.', { agent: m.agent.name, principal: m.principal.name })}</p>
          ) : (
            <TextArea id={`${id}-note`} label={t('Reason (the guardian reads it)')} value={note} errors={errors} maxLength={500} onValue={(v) => { setNote(v); setErrors(undefined) }} />
          )}
          <div class="actions">
            <button type="submit" class={`btn ${open === 'refuse' ? 'danger' : ''}`} data-testid="review-confirm" disabled={busy}>
              {open === 'confirm' ? t('Confirm: approve') : t('Confirm: refuse')}
            </button>
            <button type="button" class="btn secondary" onClick={() => setOpen(null)}>
              {t('Cancel')}
            </button>
          </div>
        </form>
      )}
    </li>
  )
}
