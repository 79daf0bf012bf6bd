// /family/:id (one authorisation): who, what, until when, its history, and what I may do now
// (allowed_actions): accept, agree or refuse, type the code the principal read out, upload the
// guardianship document, end it (after a confirmation step), or start acting for the principal.
import { useState } from 'preact/hooks'
import { ApiError, apiPost } from '../../api/client'
import { useApi } from '../../api/useApi'
import { useSessionEnded, useSignedIn } from '../../auth/session'
import { useTitle } from '../../context'
import { t } from '../../i18n'
import { useActing } from '../../acting'
import { ErrorView, Loading } from '../../components/ErrorView'
import { FormAlert } from '../../components/Form'
import { AskFirst } from '../../components/AskFirst'
import { TextArea } from '../../components/cases/FieldInput'
import { actionLabel, awaitingLabel, otherParty } from '../../family/labels'
import type { Mandate, MandateAction } from '../../family/types'
import { ActForButton, CodeBox, History, MandateFacts, StatusBadge, useActFor } from './MandateBits'
import { EvidenceUpload } from './Evidence'
import './family.css'

const enc = encodeURIComponent

function done(a: MandateAction, m: Mandate): string {
  if (m.status === 'active') return t('The authorisation is now in force.')
  if (a === 'refuse') return t('Refused.')
  if (a === 'revoke') return t('The authorisation has ended. Nothing more can be done under it.')
  if (a === 'resend') return t('A new code was sent.')
  return ''
}

export function MandatePage({ id }: { id?: string }) {
  const me = useSignedIn()
  const { acting } = useActing()
  const res = useApi<Mandate>(me && id && !acting ? `/mandates/${enc(id)}` : null)
  useSessionEnded(res.error)
  const [fresh, setFresh] = useState<Mandate | null>(null)
  const [said, setSaid] = useState('')
  const act = useActFor(me)
  const m = fresh && fresh.id === id ? fresh : res.data
  const other = m ? otherParty(m) : null
  useTitle(other ? t('Authorisation: {name}', { name: other.name }) : t('Authorisation'))

  if (acting) {
    return (
      <>
        <h1>{t('Authorisation')}</h1>
        <p class="callout">{t('You are acting for {name} now. To see or change your own authorisations, stop acting for someone first.', { name: acting.name })}</p>
      </>
    )
  }
  if (res.error) return <ErrorView level={1} error={res.error} onRetry={res.reload} />
  if (!m || !other) {
    return (
      <>
        <h1>{t('Authorisation')}</h1>
        <Loading />
      </>
    )
  }
  const update = (a: MandateAction, next: Mandate) => {
    setFresh(next)
    setSaid(done(a, next))
  }
  const waiting = awaitingLabel(m)
  const codeStep = m.my_role === 'agent' && m.awaiting === 'principal' && m.allowed_actions.includes('confirm')
  const evidenceStep = m.my_role === 'agent' && m.kind === 'guardian' && m.status === 'pending' && m.awaiting === 'reviewer'
  const answers = m.allowed_actions.filter((a) => a !== 'revoke' && a !== 'resend' && !(codeStep && a === 'confirm')) as MandateAction[]
  return (
    <>
      <p class="eyebrow">{m.my_role === 'agent' ? t('Someone I act for') : t('Someone who acts for me')}</p>
      <h1 data-testid="mandate-name">{other.name}</h1>
      <p role="status" class="result" data-testid="mandate-said">
        {said}
      </p>
      <p>
        <StatusBadge m={m} /> {waiting && <span class="mandate-waiting">{waiting}</span>}
      </p>

      {m.status === 'active' && m.my_role === 'agent' && (
        <section class="section main-action" aria-labelledby="act-h">
          <h2 id="act-h">{t('Apply or follow applications for {name}', { name: m.principal.name })}</h2>
          <ActForButton m={m} onAct={act} />
        </section>
      )}
      {codeStep && <CodeBox m={m} onDone={(next) => update('confirm', next)} />}
      {evidenceStep && <EvidenceUpload m={m} onDone={(next) => update('confirm', next)} />}
      {answers.length > 0 && <Answer m={m} actions={answers} onDone={update} />}
      {/* The principal's one main action comes first; the agent's (act for them) is above. */}
      {m.my_role === 'principal' && answers.length === 0 && m.allowed_actions.includes('revoke') && <Revoke m={m} onDone={(next) => update('revoke', next)} />}

      <section class="section" aria-labelledby="facts-h">
        <h2 id="facts-h">{t('The authorisation')}</h2>
        <MandateFacts m={m} />
      </section>
      <section class="section" aria-labelledby="history-h">
        <h2 id="history-h">{t('Authorisation history')}</h2>
        <History events={m.history} />
      </section>
      {!(m.my_role === 'principal' && answers.length === 0) && m.allowed_actions.includes('revoke') && <Revoke m={m} onDone={(next) => update('revoke', next)} />}
      <p class="where-back">
        <a href="/family">{t('Back to my family')}</a>
      </p>
    </>
  )
}

/** Accept / agree / refuse: the answer the mandate waits for from me. */
function Answer({ m, actions, onDone }: { m: Mandate; actions: MandateAction[]; onDone: (a: MandateAction, m: Mandate) => void }) {
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const go = async (a: MandateAction) => {
    setBusy(true)
    setError(null)
    try {
      onDone(a, await apiPost<Mandate>(`/mandates/${enc(m.id)}/${a}`, {}))
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0, title: t('Something went wrong') }))
    } finally {
      setBusy(false)
    }
  }
  const other = otherParty(m)
  return (
    <section class="section answer" aria-labelledby="answer-h" data-testid="mandate-answer">
      <h2 id="answer-h">
        {m.my_role === 'principal' ? t('Do you agree that {name} acts for you?', { name: other.name }) : t('Do you accept to act for {name}?', { name: m.principal.name })}
      </h2>
      <p>
        {m.my_role === 'principal'
          ? t('{name} could then: {what}. Until {until}. You can end it at any time.', { name: other.name, what: m.permission_labels.join('、'), until: m.valid_until.slice(0, 10) })
          : t('You could then: {what}. Until {until}.', { what: m.permission_labels.join('、'), until: m.valid_until.slice(0, 10) })}
      </p>
      <FormAlert error={error} />
      <div class="actions">
        {actions.map((a) => (
          <button key={a} type="button" class={`btn${a === 'refuse' ? ' secondary' : ''}`} data-testid={`mandate-${a}`} disabled={busy} onClick={() => void go(a)}>
            {actionLabel(a, m)}
          </button>
        ))}
      </div>
    </section>
  )
}

/** End it (the principal) or give it up (the agent), after saying what that means. */
function Revoke({ m, onDone }: { m: Mandate; onDone: (m: Mandate) => void }) {
  const [note, setNote] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const go = async () => {
    setBusy(true)
    setError(null)
    try {
      onDone(await apiPost<Mandate>(`/mandates/${enc(m.id)}/revoke`, { note: note.trim() }))
      return true
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0, title: t('Something went wrong') }))
      return false
    } finally {
      setBusy(false)
    }
  }
  const label = actionLabel('revoke', m)
  return (
    <section class="section" aria-labelledby="revoke-h" data-testid="mandate-revoke-section">
      <h2 id="revoke-h">{label}</h2>
      <FormAlert error={error} />
      <AskFirst
        trigger={label}
        triggerTestid="mandate-revoke"
        question={
          m.my_role === 'agent'
            ? t('You will no longer be able to act for {name}. This cannot be undone.', { name: m.principal.name })
            : t('{name} will no longer be able to act for you, from now on. This cannot be undone.', { name: m.agent.name })
        }
        extra={<TextArea id="revoke-note" label={t('Reason')} optional value={note} onValue={setNote} maxLength={500} />}
        yes={t('Yes, end it')}
        yesTestid="mandate-revoke-confirm"
        no={t('No, keep it')}
        noTestid="mandate-revoke-cancel"
        busy={busy}
        onYes={go}
      />
    </section>
  )
}
