// /signup: phone → code (→ optional real-name check) → account. In 长辈版 one step per screen:
// the number, then the code; the real-name check waits on the account page.
import { useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { apiPost } from '../api/client'
import type { Profile } from '../api/types'
import { useAuth } from '../auth/session'
import { goNext, safeNext } from '../auth/next'
import { useTitle, useUi } from '../context'
import { t } from '../i18n'
import { FormAlert, TextField, useFormError } from '../components/Form'
import { CodeSentNote, SendCodeButton, useSendCode } from '../components/SendCode'
import { DevOutboxLink, useDevSandbox } from '../components/DevOutboxLink'
import { SignedInNote, StepHeading, StepOf } from '../components/AuthBits'

const IDS: Record<string, string> = { phone: 'signup-phone', code: 'code-input', name: 'signup-name', id_number: 'signup-id-number' }

export function Signup() {
  const { query, route } = useLocation()
  const { state } = useUi()
  const { me, setMe } = useAuth()
  useTitle(t('Create an account'))
  const fields = Object.keys(IDS)
  const { error, setError, alertId, fieldErrors } = useFormError(fields)
  const [v, setV] = useState({ phone: '', code: '', name: '', id_number: '' })
  const set = (k: keyof typeof v) => (x: string) => setV((o) => ({ ...o, [k]: x }))
  const [step, setStep] = useState<'phone' | 'code'>('phone')
  const [busy, setBusy] = useState(false)
  const sc = useSendCode('signup', (e) => setError(e, IDS))
  const next = safeNext(query.next)
  const elder = state.elder
  const dev = useDevSandbox()

  const onSubmit = async (e: Event) => {
    e.preventDefault()
    if (elder && step === 'phone') {
      if (await sc.send(v.phone)) setStep('code')
      return
    }
    setBusy(true)
    setError(null)
    const realName = !elder && (v.name.trim() || v.id_number.trim())
    try {
      const p = await apiPost<Profile>('/auth/signup', {
        phone: v.phone.trim(),
        code: v.code.trim(),
        ...(realName ? { name: v.name.trim(), id_number: v.id_number.trim().toUpperCase() } : {}),
        kiosk: state.kiosk,
      })
      setMe(p)
      if (next) goNext(next, route)
      else route('/account?welcome=1', true)
    } catch (err) {
      setError(err, IDS)
    } finally {
      setBusy(false)
    }
  }

  const codeStep = elder && step === 'code'
  return (
    <>
      <h1>{t('Create an account')}</h1>
      {me && <SignedInNote me={me} />}
      {elder && <StepOf i={codeStep ? 2 : 1} n={2} />}
      {!codeStep && <p class="lead">{t('All you need is a mainland mobile number. We send it a code to check that it is yours.')}</p>}
      <FormAlert error={error} fields={fields} id={alertId} />
      <form class="auth-card" onSubmit={(e) => void onSubmit(e)} noValidate>
        {elder && (
          <StepHeading id="signup-step-h" focus={codeStep}>
            {codeStep ? t('Enter the code') : t('Your mobile number')}
          </StepHeading>
        )}
        {!codeStep && (
          <>
            <TextField id="signup-phone" name="phone" type="tel" inputMode="numeric" autoComplete="tel-national" maxLength={11} label={t('Mobile number')} hint={t('11 digits, mainland China.')} errors={fieldErrors('phone')} value={v.phone} onValue={set('phone')} />
            <div class="actions">
              <SendCodeButton sc={sc} phone={v.phone} onSent={() => elder && setStep('code')} />
            </div>
          </>
        )}
        {(!elder || codeStep) && (
          <>
            <CodeSentNote sc={sc} />
            <TextField id="code-input" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} label={t('Code from the text message')} hint={t('6 digits')} errors={fieldErrors('code')} value={v.code} onValue={set('code')} />
          </>
        )}
        {!elder && (
          <fieldset class="optional-box">
            <legend>{t('Real-name check (optional)')}</legend>
            <p class="hint" id="signup-realname-hint">
              {t('With your legal name and ID card number your account is real-name verified from the start, which many services need. You can also do this later on My account.')}
            </p>
            {dev && <p class="hint sandbox-note">{t('This check uses the sandbox real-name registry: made-up people for development, no real records.')}</p>}
            <TextField id="signup-name" name="name" autoComplete="name" optional label={t('Legal name')} errors={fieldErrors('name')} value={v.name} onValue={set('name')} />
            <TextField id="signup-id-number" name="id_number" autoComplete="off" maxLength={18} optional label={t('ID card number')} hint={t('18 characters; the last may be X.')} errors={fieldErrors('id_number')} value={v.id_number} onValue={set('id_number')} />
          </fieldset>
        )}
        {codeStep && <p class="hint">{t('You can add your legal name and ID card number afterwards, on My account.')}</p>}
        {(!elder || codeStep) && (
          <div class="actions">
            <button type="submit" class="btn" data-testid="signup-submit" disabled={busy}>
              {t('Create account')}
            </button>
            {codeStep && (
              <button type="button" class="btn secondary" onClick={() => setStep('phone')}>
                {t('Back: change the number')}
              </button>
            )}
          </div>
        )}
      </form>
      <p class="auth-links">
        {t('Already have an account?')}{' '}
        <a href={`/signin${next ? `?next=${encodeURIComponent(next)}` : ''}`} data-testid="link-signin">
          {t('Sign in')}
        </a>
      </p>
      <DevOutboxLink dev={dev} />
    </>
  )
}
