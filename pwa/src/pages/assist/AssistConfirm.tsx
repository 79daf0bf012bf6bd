// 请核对: the helper has drafted an application for me; I read it (the case page), then sign it with my
// passkey or a code texted to my phone (the same signature as submitting it myself), and confirm:
// POST /assist-sessions/{code}/confirm {signature}. The receipt follows.
import { useState } from 'preact/hooks'
import { ApiError, apiPost } from '../../api/client'
import type { Receipt } from '../../api/types'
import { t } from '../../i18n'
import { FormAlert, TextField } from '../../components/Form'
import { ReceiptCodes, ReceiptLinks } from '../../components/cases/ReceiptLinks'
import { statusLabel } from '../../cases/labels'
import { askToSign, signWithPasskey, type SignOptions } from '../../cases/sign'
import type { AssistConfirmed } from '../../family/types'

const enc = encodeURIComponent

export function AssistConfirm({ code, number, helper, onReceipt }: { code: string; number: string; helper: string; onReceipt: (r: Receipt) => void }) {
  const [sign, setSign] = useState<SignOptions | null>(null)
  const [smsCode, setSmsCode] = useState('')
  const [codeError, setCodeError] = useState<string[] | undefined>()
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const fail = (e: unknown) => (e instanceof ApiError ? e : new ApiError({ status: 0, title: t('Something went wrong') }))

  const confirm = async (signature: Record<string, unknown> | null) => {
    const done = await apiPost<AssistConfirmed>(`/assist-sessions/${enc(code)}/confirm`, { signature })
    onReceipt(done.receipt)
    window.scrollTo(0, 0)
  }
  const begin = async (method?: SignOptions['method']) => {
    setBusy(true)
    setError(null)
    try {
      const opts = await askToSign(number, method)
      if (opts === null) return await confirm(null)
      if (opts.method === 'sms_code') {
        setSign(opts)
        setSmsCode('')
        setTimeout(() => document.getElementById('assist-sign-code')?.focus(), 0)
        return
      }
      const signed = await signWithPasskey(opts)
      if (!signed) {
        setError(new ApiError({ status: 0, title: t('The application was not signed, so it is not submitted yet.'), detail: t('Press “Sign and submit” to try again, or sign with a code sent to your phone.') }))
        return
      }
      await confirm(signed)
    } catch (e) {
      setError(fail(e))
    } finally {
      setBusy(false)
    }
  }
  const withCode = async (e: Event) => {
    e.preventDefault()
    if (!/^\d{4,8}$/.test(smsCode.trim())) {
      setCodeError([t('Enter the code from the text message.')])
      return
    }
    setBusy(true)
    setError(null)
    setCodeError(undefined)
    try {
      await confirm({ method: 'sms_code', code: smsCode.trim() })
    } catch (err) {
      const ae = fail(err)
      if (ae.errors?.signature || ae.errors?.['signature.code']) setCodeError(ae.errors['signature.code'] ?? ae.errors.signature)
      else setError(ae)
      if (ae.errors?.signature) setSign(null)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="section assist-check" aria-labelledby="assist-check-h" data-testid="assist-check">
      <h2 id="assist-check-h">{t('Please check the application')}</h2>
      <p>{t('{name} has filled in an application for you. Read it first: what it asks for, your answers and the files.', { name: helper })}</p>
      <p>
        <a class="btn secondary" href={`/cases/${enc(number)}`} data-testid="assist-draft">
          {t('Read the application')}
        </a>
      </p>
      <p>{t('If everything is right, sign and submit it. Your signature is needed: with your passkey, or with a code sent to your phone.')}</p>
      <FormAlert error={error} />
      {sign?.method === 'sms_code' ? (
        <form class="sign-code" onSubmit={(e) => void withCode(e)} noValidate data-testid="assist-sign-step">
          <p>{t('To confirm it is you, a code was sent to {phone}. Entering it signs this application.', { phone: sign.phone_masked ?? '' })}</p>
          <TextField
            id="assist-sign-code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={8}
            label={t('Code from the text message')}
            errors={codeError}
            value={smsCode}
            onValue={(v) => {
              setSmsCode(v)
              setCodeError(undefined)
            }}
          />
          <div class="actions">
            <button type="submit" class="btn" data-testid="assist-confirm" disabled={busy}>
              {t('Sign and submit')}
            </button>
            <button type="button" class="btn secondary" disabled={busy} onClick={() => void begin('sms_code')}>
              {t('Send the code again')}
            </button>
          </div>
        </form>
      ) : (
        <div class="actions">
          <button type="button" class="btn" data-testid="assist-sign" disabled={busy} onClick={() => void begin()}>
            {t('Sign and submit')}
          </button>
          {error && (
            <button type="button" class="btn secondary" data-testid="assist-sign-sms" disabled={busy} onClick={() => void begin('sms_code')}>
              {t('Sign with a code sent to my phone instead')}
            </button>
          )}
        </div>
      )}
    </section>
  )
}

export function AssistDone({ receipt, onAgain }: { receipt: Receipt; onAgain: () => void }) {
  return (
    <section class="receipt" aria-labelledby="assist-done-h" data-testid="assist-receipt">
      <h2 id="assist-done-h" tabIndex={-1}>
        {t('Application submitted')}
      </h2>
      <dl class="facts wide">
        <ReceiptCodes number={receipt.number} queryCode={receipt.query_code} />
        <div>
          <dt>{t('Status')}</dt>
          <dd>{statusLabel(receipt.status)}</dd>
        </div>
      </dl>
      <p class="callout query-code-note">
        {t('Write down the query code now or take a screenshot: it is shown only this once. With the case number and the query code anyone you trust can look up the progress without signing in.')}
      </p>
      <ReceiptLinks number={receipt.number} heading="h3" />
      <div class="actions">
        <a class="btn" href={`/cases/${enc(receipt.number)}`} data-testid="assist-case-link">
          {t('See the case')}
        </a>
        <button type="button" class="btn secondary" onClick={onAgain}>
          {t('Ask for help again')}
        </button>
      </div>
    </section>
  )
}
