// Pieces the family pages share: a mandate as a card and as facts, its history, the button that
// starts acting for the principal, and the 6-digit code box of a request confirmed by code.
import { useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { ApiError, apiPost } from '../../api/client'
import type { Profile } from '../../api/types'
import { formatDate, formatDateTime, t } from '../../i18n'
import { startActing } from '../../acting'
import { FormAlert, TextField } from '../../components/Form'
import { awaitingLabel, isCode, otherParty } from '../../family/labels'
import type { Mandate, MandateEvent } from '../../family/types'
import './family.css'

const enc = encodeURIComponent

/** What the mandate covers: every service, or the categories / services it names. */
export function scopeText(m: Pick<Mandate, 'scope' | 'scope_items'>): string {
  if (m.scope === 'all' || !m.scope_items.length) return t('All services')
  return m.scope_items.map((i) => i.name || i.code).join('、')
}

export function StatusBadge({ m }: { m: Pick<Mandate, 'status' | 'status_label'> }) {
  return (
    <span class={`mandate-status status-${m.status}`} data-testid="mandate-status">
      {m.status_label}
    </span>
  )
}

/** Start acting for the principal of an active mandate where I am the agent, then go to their cases. */
export function useActFor(me: Profile | null | undefined): (m: Mandate) => void {
  const { route } = useLocation()
  return (m: Mandate) => {
    if (!me) return
    startActing({ mandate: m.id, name: m.principal.name, account: me.account_id, kind: 'mandate' })
    route('/me/cases')
  }
}

export function ActForButton({ m, onAct }: { m: Mandate; onAct: (m: Mandate) => void }) {
  return (
    <button type="button" class="btn act-for" data-testid="act-for" onClick={() => onAct(m)}>
      {t('Act for {name}', { name: m.principal.name })}
    </button>
  )
}

export function MandateCard({ m, onAct }: { m: Mandate; onAct?: (m: Mandate) => void }) {
  const other = otherParty(m)
  const waiting = awaitingLabel(m)
  return (
    <li class={`card mandate-card status-border-${m.status}`} data-testid="mandate-item" data-mandate={m.id}>
      <h3 class="card-title">
        <a href={`/family/${enc(m.id)}`} data-testid="mandate-link">
          {other.name}
        </a>{' '}
        <StatusBadge m={m} />
      </h3>
      {waiting && <p class="mandate-waiting">{waiting}</p>}
      <dl class="facts">
        <div>
          <dt>{t('Kind')}</dt>
          <dd>{m.kind_label}</dd>
        </div>
        <div>
          <dt>{m.my_role === 'agent' ? t('You may') : t('They may')}</dt>
          <dd data-testid="mandate-permissions">{m.permission_labels.join('、')}</dd>
        </div>
        <div>
          <dt>{t('Services covered')}</dt>
          <dd>{scopeText(m)}</dd>
        </div>
        <div>
          <dt>{t('Valid until')}</dt>
          <dd>{formatDate(m.valid_until)}</dd>
        </div>
      </dl>
      {onAct && m.status === 'active' && m.my_role === 'agent' && <ActForButton m={m} onAct={onAct} />}
    </li>
  )
}

export function MandateFacts({ m }: { m: Mandate }) {
  return (
    <dl class="facts wide" data-testid="mandate-facts">
      <div>
        <dt>{t('Authorisation status')}</dt>
        <dd>
          <StatusBadge m={m} />
        </dd>
      </div>
      <div>
        <dt>{t('Who is authorised')}</dt>
        <dd data-testid="mandate-agent">
          {m.agent.name} {m.agent.id_masked && <span class="muted code-value">{m.agent.id_masked}</span>}
        </dd>
      </div>
      <div>
        <dt>{m.principal.type === 'organisation' ? t('For the enterprise') : t('On behalf of')}</dt>
        <dd data-testid="mandate-principal">
          {m.principal.name} {m.principal.id_masked && <span class="muted code-value">{m.principal.id_masked}</span>}
        </dd>
      </div>
      <div>
        <dt>{t('Kind')}</dt>
        <dd>{m.kind_label}</dd>
      </div>
      <div>
        <dt>{t('What they may do')}</dt>
        <dd>
          <ul class="plain-list" data-testid="mandate-permissions">
            {m.permission_labels.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </dd>
      </div>
      <div>
        <dt>{t('Services covered')}</dt>
        <dd data-testid="mandate-scope">{scopeText(m)}</dd>
      </div>
      <div>
        <dt>{t('Validity')}</dt>
        <dd>{t('{from} to {until}', { from: formatDate(m.valid_from), until: formatDate(m.valid_until) })}</dd>
      </div>
      <div>
        <dt>{t('How it was agreed')}</dt>
        <dd>
          {m.consent_label}
          {m.witness_place ? t(' ({place})', { place: m.witness_place }) : ''}
        </dd>
      </div>
    </dl>
  )
}

export function History({ events }: { events: MandateEvent[] }) {
  if (!events.length) return null
  return (
    <ol class="timeline" data-testid="mandate-history">
      {events.map((e, i) => (
        <li key={i} class={i === events.length - 1 ? 'current' : undefined}>
          <p class="timeline-what">
            <strong>{e.label}</strong>
          </p>
          <p class="timeline-when">
            <time dateTime={e.at}>{formatDateTime(e.at)}</time>
          </p>
          {e.note && (
            <p class="timeline-note">
              {t('Note')}
              {t(': ')}
              {e.note}
            </p>
          )}
        </li>
      ))}
    </ol>
  )
}

/** The agent types the code the principal read out to them; or has it sent again. */
export function CodeBox({ m, sentTo, onDone }: { m: Mandate; sentTo?: string | null; onDone: (m: Mandate) => void }) {
  const [code, setCode] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const [codeError, setCodeError] = useState<string[] | undefined>()
  const [busy, setBusy] = useState(false)
  const [resent, setResent] = useState(false)
  const name = m.principal.name
  const fail = (e: unknown) => (e instanceof ApiError ? e : new ApiError({ status: 0, title: t('Something went wrong') }))
  const confirm = async (e: Event) => {
    e.preventDefault()
    if (!isCode(code)) {
      setCodeError([t('Type the 6 digits of the code.')])
      document.getElementById('mandate-code')?.focus()
      return
    }
    setBusy(true)
    setError(null)
    setCodeError(undefined)
    try {
      onDone(await apiPost<Mandate>(`/mandates/${enc(m.id)}/confirm`, { code: code.trim() }))
    } catch (err) {
      const ae = fail(err)
      if (ae.errors?.code) setCodeError(ae.errors.code)
      setError(ae)
    } finally {
      setBusy(false)
    }
  }
  const resend = async () => {
    setBusy(true)
    setError(null)
    try {
      await apiPost<Mandate>(`/mandates/${enc(m.id)}/resend`, {})
      setResent(true)
      setCode('')
    } catch (err) {
      setError(fail(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <section class="section code-box" aria-labelledby="code-box-h" data-testid="code-box">
      <h2 id="code-box-h">{t('Type the code {name} received', { name })}</h2>
      <p role="status" class="code-sent" data-testid="code-sent">
        {resent
          ? t('A new code was sent to the phone of {name}. Ask {name} to tell you the code.', { name })
          : sentTo
            ? t('A code was sent to {phone}. Ask {name} to tell you the code.', { phone: sentTo, name })
            : ''}
      </p>
      {!sentTo && !resent && <p>{t('{name} got a code by text message. If it has expired or they cannot find it, send a new one.', { name })}</p>}
      <FormAlert error={error} fields={['code']} />
      <form onSubmit={(e) => void confirm(e)} noValidate>
        <TextField
          id="mandate-code"
          class="code-input"
          label={t('6-digit code')}
          inputMode="numeric"
          autoComplete="off"
          maxLength={6}
          errors={codeError}
          value={code}
          onValue={(v) => {
            setCode(v.replace(/\D/g, ''))
            setCodeError(undefined)
          }}
        />
        <div class="actions">
          <button type="submit" class="btn" data-testid="mandate-code-confirm" disabled={busy}>
            {t('Confirm')}
          </button>
          <button type="button" class="btn secondary" data-testid="mandate-resend" disabled={busy} onClick={() => void resend()}>
            {t('Send the code again')}
          </button>
        </div>
      </form>
    </section>
  )
}
