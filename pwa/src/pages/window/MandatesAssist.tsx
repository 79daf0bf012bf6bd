// /staff/assist (窗口帮办): a resident at the window asks for help and shows the code (or QR) of their
// help session. The clerk joins with it, then fills in the application for them with the normal apply
// pages while acting for them ("开始代填": every request names the session's short mandate). Nothing
// is submitted by the clerk: the resident reads the draft, and confirms it in person — the clerk types
// the ID number from the resident's card — or on their own phone. The receipt is then given to the
// resident. Cancelling, confirming or the hour running out ends the session and the clerk's access.
// `?code=<6 digits>` is the session this page shows (kept for the tab while it runs).
import { useEffect, useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import type { Case, Profile } from '../../api/types'
import { ApiError, apiGet, apiPost } from '../../api/client'
import { getActing, startActing, stopActing, useActing } from '../../acting'
import { useTitle, useUi } from '../../context'
import { dataLang, formatDateTime, t } from '../../i18n'
import { ErrorView, Loading } from '../../components/ErrorView'
import { FormAlert, TextField } from '../../components/Form'
import { AskFirst } from '../../components/AskFirst'
import { ReceiptCodes } from '../../components/cases/ReceiptLinks'
import { idNumberValid } from '../../cases/form'
import { ClerkOnly } from '../../components/window/ClerkOnly'
import { QrScan } from '../../components/window/QrScan'
import { asApiError, assistCodeFrom, SELF, type AssistConfirmed, type AssistSession } from '../../components/window/staffMandates'
import '../cases/cases.css'
import './window.css'
import '../../components/window/mandates.css'

const enc = encodeURIComponent
const KEY = 'tb.staff-assist'

function remembered(): string | null {
  try {
    return sessionStorage.getItem(KEY)
  } catch {
    return null
  }
}
function remember(code: string | null, allowed: boolean): void {
  try {
    if (code && allowed) sessionStorage.setItem(KEY, code)
    else sessionStorage.removeItem(KEY)
  } catch {
    // storage disabled: the URL still carries the code
  }
}

/** The receipt of the session just confirmed. Leaving acting mode reloads the page (Layout keys it
 * on the acting state), so it is kept here, in memory only, until another session is shown. */
let shown: { code: string; r: AssistConfirmed } | null = null

export function MandatesAssist() {
  useTitle(t('Help a resident fill in an application'))
  return (
    <>
      <p class="crumbs">
        <a href="/staff">{t('Staff workbench')}</a>
      </p>
      <h1>{t('Help a resident fill in an application')}</h1>
      <ClerkOnly notClerk={t('Only window clerks help residents at a window.')}>{(me) => <Assist me={me} />}</ClerkOnly>
    </>
  )
}

function Assist({ me }: { me: Profile }) {
  const { query, route } = useLocation()
  const { state } = useUi()
  const code = assistCodeFrom(query.code ?? '')
  const [session, setSession] = useState<AssistSession | null>(null)
  const [loadError, setLoadError] = useState<ApiError | null>(null)
  if (shown && shown.code !== code) shown = null
  const [receipt, setReceipt] = useState<AssistConfirmed | null>(shown?.r ?? null)
  const [nonce, setNonce] = useState(0)

  // Back to the session this tab runs, when the clerk comes from the workbench.
  useEffect(() => {
    const kept = remembered()
    if (!code && kept && !receipt) route(`/staff/assist?code=${enc(kept)}`, true)
  }, [code])

  useEffect(() => {
    setSession(null)
    setLoadError(null)
    if (!code) return
    let live = true
    apiGet<AssistSession>(`/assist-sessions/${enc(code)}`, undefined, SELF).then(
      (s) => live && setSession(s),
      (e: unknown) => live && setLoadError(asApiError(e)),
    )
    return () => {
      live = false
    }
  }, [code, nonce])

  const forget = () => remember(null, false)
  if (receipt) return <AssistReceipt r={receipt} />
  if (!code) return <Join onJoined={(c) => { remember(c, !state.kiosk); route(`/staff/assist?code=${enc(c)}`) }} />
  if (loadError) {
    if (loadError.status === 404) {
      // Not joined yet (a code typed into the address, or a QR link), or the session ended.
      return <Join preset={code} onJoined={(c) => { remember(c, !state.kiosk); setNonce((n) => n + 1); route(`/staff/assist?code=${enc(c)}`) }} />
    }
    return <ErrorView error={loadError} onRetry={() => setNonce((n) => n + 1)} />
  }
  if (!session) return <Loading />
  if (session.status !== 'joined') return <Ended s={session} />
  return (
    <Joined
      me={me}
      code={code}
      s={session}
      onRefresh={() => setNonce((n) => n + 1)}
      onConfirmed={(r) => {
        forget()
        shown = { code, r }
        setReceipt(r)
      }}
      onCancelled={(s) => {
        forget()
        setSession(s)
      }}
    />
  )
}

// ---- joining with the resident's code ------------------------------------------------------------

function Join({ preset, onJoined }: { preset?: string; onJoined: (code: string) => void }) {
  const [value, setValue] = useState(preset ?? '')
  const [errors, setErrors] = useState<string[] | undefined>()
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)

  const join = async (text: string) => {
    const c = assistCodeFrom(text)
    setProblem(null)
    if (!c) {
      setErrors([text.trim() ? t('The code has 6 digits.') : t('Enter the 6-digit code the resident shows you.')])
      document.getElementById('assist-code')?.focus()
      return
    }
    setErrors(undefined)
    setBusy(true)
    try {
      await apiPost<AssistSession>(`/assist-sessions/${enc(c)}/join`, {}, SELF)
      onJoined(c)
    } catch (x) {
      const a = asApiError(x)
      if (a.status === 404) setErrors([a.detail ?? a.title])
      else setProblem(a)
      document.getElementById('assist-code')?.focus()
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="section auth-card assist-step" aria-labelledby="join-h" data-testid="assist-join">
      <h2 id="join-h">{t('Join the resident’s help session')}</h2>
      <p>{t('The resident asks for help on their phone, which shows a 6-digit code and its QR code, valid for 10 minutes. Type the code, or scan the QR code.')}</p>
      <FormAlert error={problem} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void join(value)
        }}
      >
        <TextField id="assist-code" name="code" inputMode="numeric" autoComplete="off" maxLength={12} label={t('The resident’s help code')} hint={t('6 digits.')} errors={errors} value={value} onValue={(v) => { setValue(v); setErrors(undefined) }} />
        <div class="actions">
          <button type="submit" class="btn" data-testid="assist-join-submit" disabled={busy}>
            {t('Join')}
          </button>
        </div>
      </form>
      <QrScan
        testid="assist-scan"
        parse={(text) => (/^TBA1:/i.test(text.trim()) ? assistCodeFrom(text) : null)}
        hold={t('Hold the QR code on the resident’s phone in front of the camera.')}
        wrong={t('This QR code is not a help code of this platform.')}
        onCode={(c) => {
          setValue(c)
          void join(c)
        }}
      />
    </section>
  )
}

// ---- the session: fill in while acting, then confirm in person ----------------------------------

function Joined({ me, code, s, onRefresh, onConfirmed, onCancelled }: { me: Profile; code: string; s: AssistSession; onRefresh: () => void; onConfirmed: (r: AssistConfirmed) => void; onCancelled: (s: AssistSession) => void }) {
  const { acting } = useActing()
  const mine = !!acting && acting.mandate === s.mandate
  const [drafted, setDrafted] = useState<Case | null>(null)
  const dl = dataLang()
  // The draft's service, to continue it on the apply pages (seen through the session's mandate).
  useEffect(() => {
    setDrafted(null)
    if (!s.case || !mine) return
    let live = true
    apiGet<Case>(`/cases/${enc(s.case)}`).then((c) => live && setDrafted(c), () => undefined)
    return () => {
      live = false
    }
  }, [s.case, mine])

  const start = () => {
    if (!s.mandate) return
    startActing({ mandate: s.mandate, name: s.resident_name, account: me.account_id, kind: 'assist' })
  }
  return (
    <>
      <section class="section assist-step" aria-labelledby="session-h" data-testid="assist-session">
        <h2 id="session-h">{t('Help session with {name}', { name: s.resident_name })}</h2>
        <dl class="facts wide">
          <div>
            <dt>{t('Resident')}</dt>
            <dd lang={dl} data-testid="assist-resident">
              {s.resident_name}
            </dd>
          </div>
          <div>
            <dt>{t('Authorisation for this session')}</dt>
            <dd class="code-value" data-testid="assist-mandate">
              {s.mandate}
            </dd>
          </div>
          <div>
            <dt>{t('Ends at')}</dt>
            <dd>{formatDateTime(s.expires_at)}</dd>
          </div>
          <div>
            <dt>{t('Application drafted')}</dt>
            <dd data-testid="assist-case">{s.case ? <span class="code-value">{s.case}</span> : t('Not yet')}</dd>
          </div>
        </dl>
        <p class="hint">{t('The authorisation lets you see and fill in only what you draft in this session, and ends with it.')}</p>
        <button type="button" class="btn secondary" data-testid="assist-refresh" onClick={onRefresh}>
          {t('Refresh')}
        </button>
      </section>

      <section class="section assist-step" aria-labelledby="fill-h" data-testid="assist-fill">
        <h2 id="fill-h">{t('1. Fill in the application for them')}</h2>
        {mine ? (
          <>
            <p data-testid="assist-acting">{t('You are filling in for {name}: what you enter on the apply pages is saved as their draft.', { name: s.resident_name })}</p>
            <div class="actions">
              {drafted ? (
                <a class="btn" href={`/apply/${enc(drafted.matter.code)}/form?case=${enc(drafted.number)}`} data-testid="assist-continue">
                  {t('Continue the draft: {matter}', { matter: drafted.matter.name })}
                </a>
              ) : (
                <a class="btn" href="/search" data-testid="assist-find">
                  {t('Find the service')}
                </a>
              )}
              <button type="button" class="btn secondary" data-testid="assist-stop-acting" onClick={() => stopActing()}>
                {t('Stop filling in')}
              </button>
            </div>
          </>
        ) : (
          <>
            <p>{t('Find the service with the resident, fill in the form and add the materials: everything is saved as the resident’s draft. You cannot submit it.')}</p>
            <button type="button" class="btn" data-testid="assist-start-acting" disabled={!s.mandate} onClick={start}>
              {t('Start filling in for them')}
            </button>
          </>
        )}
      </section>

      <ConfirmInPerson code={code} s={s} onConfirmed={onConfirmed} />
      <CancelSession code={code} mandate={s.mandate} onCancelled={onCancelled} />
    </>
  )
}

/** Leave acting mode for this session's mandate (it ends with the session). */
function leave(mandate: string | null) {
  if (mandate && getActing()?.mandate === mandate) stopActing()
}

function ConfirmInPerson({ code, s, onConfirmed }: { code: string; s: AssistSession; onConfirmed: (r: AssistConfirmed) => void }) {
  const [idNumber, setIdNumber] = useState('')
  const [checked, setChecked] = useState(false)
  const [errors, setErrors] = useState<Record<string, string[]>>({})
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)

  const confirm = async (e: Event) => {
    e.preventDefault()
    setProblem(null)
    const idn = idNumber.trim().toUpperCase()
    const errs: Record<string, string[]> = {}
    if (!idn) errs.id_number = [t('Enter the ID card number.')]
    else if (!idNumberValid(idn)) errs.id_number = [t('This ID card number is not valid. Check each digit.')]
    if (!checked) errs.checked = [t('Go through the application with the resident first.')]
    setErrors(errs)
    if (Object.keys(errs).length) {
      document.getElementById(errs.id_number ? 'assist-id-number' : 'assist-checked')?.focus()
      return
    }
    setBusy(true)
    try {
      // As the clerk, not acting (SELF drops Acting-For): the window records the resident's confirmation.
      const done = await apiPost<AssistConfirmed>(`/assist-sessions/${enc(code)}/confirm`, { in_person: true, id_number: idn }, SELF)
      onConfirmed(done)
      leave(s.mandate) // the session's mandate has ended with it (the page reloads, keeping the receipt)
    } catch (x) {
      const a = asApiError(x)
      if (a.status === 400 && a.errors?.id_number) {
        setErrors({ id_number: a.errors.id_number })
        document.getElementById('assist-id-number')?.focus()
      } else setProblem(a)
    } finally {
      setBusy(false)
    }
  }
  return (
    <form class="section case-form assist-step" aria-labelledby="confirm-h" noValidate onSubmit={(e) => void confirm(e)} data-testid="assist-confirm-step">
      <h2 id="confirm-h">{t('2. The resident confirms in person')}</h2>
      <p>{t('Show the resident what you filled in and the materials. When they agree, take their ID card: the photo must be of them. Type its number; the application is then submitted in their name, confirmed in person at this window.')}</p>
      <FormAlert error={problem} fields={['id_number']} />
      <TextField id="assist-id-number" name="id_number" autoComplete="off" spellcheck={false} autoCapitalize="characters" maxLength={18} label={t('The resident’s ID card number')} hint={t('18 characters; the last one may be X.')} errors={errors.id_number} value={idNumber} onValue={(v) => { setIdNumber(v); setErrors(({ id_number: _gone, ...rest }) => rest) }} />
      <div class={`field check big-check${errors.checked ? ' has-error' : ''}`}>
        <input type="checkbox" id="assist-checked" data-testid="assist-checked" checked={checked} aria-describedby={errors.checked ? 'assist-checked-error' : undefined} aria-invalid={errors.checked ? true : undefined} onChange={(e) => { setChecked(e.currentTarget.checked); setErrors(({ checked: _gone, ...rest }) => rest) }} />
        <label for="assist-checked">
          {t('The resident has read the application with me and wants it submitted.')}
          {errors.checked && (
            <span class="field-error" id="assist-checked-error">
              {errors.checked.join(' ')}
            </span>
          )}
        </label>
      </div>
      <button type="submit" class="btn" data-testid="assist-confirm" disabled={busy || !s.case}>
        {t('Submit as confirmed in person')}
      </button>
      {!s.case && <p class="hint">{t('Nothing has been drafted yet. Fill in the application first, then press “Refresh”.')}</p>}
    </form>
  )
}

function CancelSession({ code, mandate, onCancelled }: { code: string; mandate: string | null; onCancelled: (s: AssistSession) => void }) {
  const [error, setError] = useState<ApiError | null>(null)
  const go = async () => {
    setError(null)
    try {
      const ended = await apiPost<AssistSession>(`/assist-sessions/${enc(code)}/cancel`, {}, SELF)
      leave(mandate)
      onCancelled(ended)
      return true
    } catch (x) {
      setError(asApiError(x))
      return false
    }
  }
  return (
    <section class="section assist-step" aria-labelledby="cancel-h">
      <h2 id="cancel-h">{t('The resident does not go on?')}</h2>
      <FormAlert error={error} />
      <AskFirst
        trigger={t('End the help session')}
        triggerTestid="assist-cancel"
        question={t('End this help session? Nothing is submitted, and you can no longer see what was drafted.')}
        yes={t('Yes, end it')}
        yesTestid="assist-cancel-confirm"
        no={t('No, go on')}
        onYes={go}
      />
    </section>
  )
}

function Ended({ s }: { s: AssistSession }) {
  useEffect(() => remember(null, false), [])
  const words: Record<string, string> = {
    confirmed: t('This help session has ended: the resident confirmed the application.'),
    cancelled: t('This help session was ended. Nothing was submitted.'),
    expired: t('This help session timed out. Nothing was submitted.'),
  }
  return (
    <section class="section" aria-labelledby="ended-h" data-testid="assist-ended" data-status={s.status}>
      <h2 id="ended-h">{t('Help session ended')}</h2>
      <p>{words[s.status] ?? t('This help session has ended.')}</p>
      <p>
        <a class="btn" href="/staff/assist" data-testid="assist-next">
          {t('Help the next resident')}
        </a>
      </p>
    </section>
  )
}

function AssistReceipt({ r }: { r: AssistConfirmed }) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => ref.current?.focus(), [])
  const dl = dataLang()
  return (
    <section class="receipt print-receipt" aria-labelledby="receipt-h" data-testid="receipt">
      <h2 id="receipt-h" ref={ref} tabIndex={-1}>
        {t('Application submitted')}
      </h2>
      <p class="no-print">{t('Give the resident the case number and the query code: print this, or let them write both down. They can follow the case by signing in with their own phone number too.')}</p>
      <dl class="facts wide">
        <div>
          <dt>{t('Service')}</dt>
          <dd lang={dl}>{r.receipt.matter.name}</dd>
        </div>
        <ReceiptCodes number={r.receipt.number} queryCode={r.receipt.query_code} />
        <div>
          <dt>{t('Applicant')}</dt>
          <dd lang={dl}>{r.resident_name}</dd>
        </div>
        <div>
          <dt>{t('Handled by')}</dt>
          <dd lang={dl}>{r.receipt.department.name}</dd>
        </div>
        <div>
          <dt>{t('Submitted on')}</dt>
          <dd>{formatDateTime(r.receipt.submitted_at)}</dd>
        </div>
      </dl>
      <p class="callout query-code-note">{t('The query code is shown only this once.')}</p>
      <div class="actions no-print">
        <button type="button" class="btn" data-testid="receipt-print" onClick={() => window.print()}>
          {t('Print the receipt')}
        </button>
        <a class="btn secondary" href="/staff/assist" data-testid="assist-next">
          {t('Help the next resident')}
        </a>
      </div>
    </section>
  )
}
