// /signin: a passkey first (also offered in the phone field's autofill, "conditional UI"), a code
// sent to the phone as the fallback. ?next= is honoured (see auth/next.ts).
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { apiPost } from '../api/client'
import type { Profile } from '../api/types'
import { useAuth } from '../auth/session'
import { goNext, safeNext } from '../auth/next'
import { passkeySignin } from '../auth/flows'
import { conditionalMediationAvailable, passkeysUsable } from '../auth/webauthn'
import { useTitle, useUi } from '../context'
import { t } from '../i18n'
import { FormAlert, TextField, useFormError } from '../components/Form'
import { CodeSentNote, SendCodeButton, useSendCode } from '../components/SendCode'
import { DevOutboxLink } from '../components/DevOutboxLink'
import { PasskeyButton, SignedInNote, StepHeading } from '../components/AuthBits'

/** The conditional-UI request (passkeys offered in the autofill of the phone field). */
function useConditionalPasskey(kiosk: boolean, onDone: (p: Profile) => void, onError: (e: unknown) => void) {
  const ctl = useRef<AbortController | null>(null)
  const pending = useRef<Promise<unknown>>(Promise.resolve())
  const start = useCallback(async () => {
    // Not where passkeys cannot work: the request would only fail, before anyone asked for it.
    if (ctl.current || !passkeysUsable() || !(await conditionalMediationAvailable()) || ctl.current) return
    const c = new AbortController()
    ctl.current = c
    const run = passkeySignin({ kiosk, mediation: 'conditional', signal: c.signal })
    pending.current = run.catch(() => undefined)
    try {
      const p = await run
      if (p && !c.signal.aborted) onDone(p)
    } catch (e) {
      if (!c.signal.aborted) onError(e)
    } finally {
      if (ctl.current === c) ctl.current = null
    }
  }, [kiosk])
  /** Abort it (before the explicit button's request) and wait until the browser has let go. */
  const stop = useCallback(async () => {
    const c = ctl.current
    ctl.current = null
    if (!c) return
    c.abort()
    await pending.current
  }, [])
  useEffect(() => {
    void start()
    return () => {
      ctl.current?.abort()
      ctl.current = null
    }
  }, [start])
  return { start, stop }
}

export function Signin() {
  const { query, route } = useLocation()
  const { state } = useUi()
  const { me, setMe } = useAuth()
  useTitle(t('Sign in'))
  const fields = ['phone', 'code']
  const { error, setError, alertId, fieldErrors } = useFormError(fields)
  const [phone, setPhone] = useState('')
  const [code, setCode] = useState('')
  const [step, setStep] = useState<'phone' | 'code'>('phone')
  const [busy, setBusy] = useState(false)
  const [note, setNote] = useState('')
  const sc = useSendCode('signin', (e) => setError(e, { phone: 'signin-phone' }))
  const next = safeNext(query.next)
  const done = (p: Profile) => {
    setMe(p)
    goNext(next, route)
  }
  const cond = useConditionalPasskey(state.kiosk, done, setError)

  const onPasskey = async () => {
    setError(null)
    setNote('')
    setBusy(true)
    await cond.stop()
    try {
      const p = await passkeySignin({ kiosk: state.kiosk })
      if (p) return done(p)
      setNote(t('Passkey sign-in was not completed. Try again, or use a code sent to your phone.'))
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
    void cond.start()
  }

  const onSubmit = async (e: Event) => {
    e.preventDefault()
    if (state.elder && step === 'phone') {
      if (await sc.send(phone)) setStep('code')
      return
    }
    if (!code.trim() && !sc.sentTo) {
      await sc.send(phone)
      return
    }
    setBusy(true)
    setError(null)
    try {
      done(await apiPost<Profile>('/auth/signin/code', { phone: phone.trim(), code: code.trim(), kiosk: state.kiosk }))
    } catch (err) {
      setError(err, { phone: 'signin-phone', code: 'code-input' })
    } finally {
      setBusy(false)
    }
  }

  const elderCode = state.elder && step === 'code'
  const showPhone = !elderCode
  const showCode = !state.elder || step === 'code'
  const nextQ = next ? `?next=${encodeURIComponent(next)}` : ''
  const passkeys = passkeysUsable()

  return (
    <>
      <h1>{t('Sign in')}</h1>
      {me && <SignedInNote me={me} />}
      <FormAlert error={error} fields={fields} id={alertId} />
      {!elderCode && (
        <section class="section auth-card" aria-labelledby="signin-passkey-h">
          <h2 id="signin-passkey-h">{t('With a passkey')}</h2>
          {passkeys && <p class="hint">{t('Use the fingerprint, face or screen lock of your phone or computer. No code needed.')}</p>}
          <PasskeyButton testid="signin-passkey" busy={busy} onClick={() => void onPasskey()} label={t('Sign in with a passkey')} />
          <p role="status" class="status-note">
            {note}
          </p>
        </section>
      )}
      <section class="section auth-card" aria-labelledby="signin-code-h">
        <StepHeading id="signin-code-h" focus={elderCode}>
          {elderCode ? t('Enter the code') : t('With a code sent to your phone')}
        </StepHeading>
        <form onSubmit={(e) => void onSubmit(e)} noValidate>
          {showPhone && (
            <TextField
              id="signin-phone"
              name="phone"
              type="tel"
              inputMode="numeric"
              autoComplete={passkeys ? 'username webauthn' : 'username'}
              maxLength={11}
              label={t('Mobile number')}
              hint={passkeys ? t('11 digits, mainland China. Your saved passkeys are offered here too.') : t('11 digits, mainland China.')}
              errors={fieldErrors('phone')}
              value={phone}
              onValue={setPhone}
            />
          )}
          {showPhone && (
            <div class="actions">
              <SendCodeButton sc={sc} phone={phone} onSent={() => state.elder && setStep('code')} />
            </div>
          )}
          {showCode && <CodeSentNote sc={sc} />}
          {showCode && (
            <TextField
              id="code-input"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              label={t('Code from the text message')}
              hint={t('6 digits')}
              errors={fieldErrors('code')}
              value={code}
              onValue={setCode}
            />
          )}
          <div class="actions">
            {showCode && (
              <button type="submit" class="btn" data-testid="signin-code-submit" disabled={busy}>
                {t('Sign in')}
              </button>
            )}
            {elderCode && (
              <button type="button" class="btn secondary" onClick={() => setStep('phone')}>
                {t('Back: change the number')}
              </button>
            )}
          </div>
        </form>
      </section>
      <ul class="link-list auth-links">
        <li>
          {t('No account yet?')}{' '}
          <a href={`/signup${nextQ}`} data-testid="link-signup">
            {t('Create an account')}
          </a>
        </li>
        <li>
          <a href="/staff/signin" data-testid="link-staff-signin">
            {t('Staff sign-in')}
          </a>
        </li>
      </ul>
      <DevOutboxLink />
    </>
  )
}
