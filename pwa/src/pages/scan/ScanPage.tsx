// /staff/scan (扫码核验): a clerk checks any QR code a person brings — a licence's own QR code
// (printed or saved, TBL1), a licence shown on the holder's phone (亮证, TBP1, single use), a receipt
// (TBR1) or a 帮办 code (TBA1) — with the camera or by pasting the text. The server verifies
// (POST /verifications: every check is logged and the holder sees it); with no network, a licence's
// own QR code is verified on this device against the cached, signed trust list (WebCrypto Ed25519),
// and the page says so, how old the list is, and that revocation could not be checked.
// Anyone may check a licence QR code; a licence shown on a phone needs a staff session and a purpose.
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, apiPost } from '../../api/client'
import { useAuth } from '../../auth/session'
import { useOnline } from '../../cases/online'
import { useTitle } from '../../context'
import { t } from '../../i18n'
import { FormAlert, TextField } from '../../components/Form'
import { StaffDenied } from '../cases/StaffQueue'
import { CameraScan } from '../../components/scan/CameraScan'
import { PURPOSES } from '../../components/scan/labels'
import { TrustNote } from '../../components/scan/TrustNote'
import { useTrust } from '../../components/scan/useTrust'
import { VerdictView, type Shown } from '../../components/scan/Verdict'
import { checkOnDevice } from '../../components/scan/local'
import type { Verification } from '../../verify/types'
import '../cases/cases.css'
import '../../components/scan/scan.css'

const IDS = { purpose: 'scan-purpose', other: 'scan-purpose-other', case: 'scan-case', qr: 'scan-text' }
type Errors = Partial<Record<keyof typeof IDS, string[]>>

export function ScanPage() {
  useTitle(t('Scan and check'))
  const { me } = useAuth()
  const online = useOnline()
  const trust = useTrust()
  const [purpose, setPurpose] = useState('')
  const [other, setOther] = useState('')
  const [caseNo, setCaseNo] = useState('')
  const [text, setText] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<Shown | null>(null)
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [now, setNow] = useState(Date.now())
  const shown = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(timer)
  }, [])
  const staff = (me?.staff ?? []).some((s) => s.active)

  const purposeText = (): string => (purpose === 'other' ? other.trim() : (PURPOSES.find((p) => p.value === purpose)?.label() ?? ''))

  const check = async (raw: string) => {
    const qr = raw.trim()
    setText(qr)
    const errs: Errors = {}
    const number = caseNo.trim().toUpperCase()
    if (!qr) errs.qr = [t('Scan a code, or paste or type its text.')]
    const offline = typeof navigator !== 'undefined' && !navigator.onLine
    // offline a presentation is not sent at all (the page says it needs the network): no purpose needed
    if (qr.startsWith('TBP1:') && !offline && !purposeText()) errs[purpose === 'other' ? 'other' : 'purpose'] = [t('Say why you check this licence (its holder will read it), then press “{button}”.', { button: t('Check the code') })]
    if (number && !/^TB\d{14}$/.test(number)) errs.case = [t('This is not a case number. It starts with TB, followed by 14 digits.')]
    setErrors(errs)
    const first = (Object.keys(IDS) as (keyof typeof IDS)[]).find((k) => errs[k])
    if (first) {
      document.getElementById(IDS[first])?.focus()
      return
    }
    setBusy(true)
    setProblem(null)
    setResult(null)
    let r: Shown | null = null
    try {
      if (offline) r = await checkOnDevice(qr, trust.trust)
      else r = await apiPost<Verification>('/verifications', { qr, purpose: purposeText(), case: number || undefined })
    } catch (e) {
      if (e instanceof ApiError && e.offline) r = await checkOnDevice(qr, trust.trust)
      else setProblem(e instanceof ApiError ? e : new ApiError({ status: 0, title: t('Something went wrong') }))
    } finally {
      setBusy(false)
    }
    setResult(r)
    setTimeout(() => {
      shown.current?.focus()
      shown.current?.scrollIntoView({ block: 'start' })
    }, 0)
  }

  const next = () => {
    setResult(null)
    setProblem(null)
    setText('')
    document.getElementById('scan-start-h')?.scrollIntoView({ block: 'start' })
  }

  return (
    <>
      <p class="crumbs">
        <a href="/staff">{t('Staff workbench')}</a>
      </p>
      <h1>{t('Scan and check')}</h1>
      {!online && (
        <p class="notice offline" data-testid="scan-offline">
          {t('No network: licence QR codes are checked on this device. A licence shown on a phone, a receipt and a help session code need the network.')}
        </p>
      )}
      <TrustNote state={trust} now={now} />
      {online && me !== undefined && !staff && <StaffDenied />}
      <form class="scan-form" noValidate onSubmit={(e) => (e.preventDefault(), void check(text))}>
        <fieldset class={`radios field${errors.purpose ? ' has-error' : ''}`} data-testid="scan-purpose-group" aria-describedby={errors.purpose ? 'scan-purpose-error' : 'scan-purpose-hint'}>
          <legend>{t('Why do you check it?')}</legend>
          <p class="hint" id="scan-purpose-hint">
            {t('Needed for a licence shown on a phone. The holder sees who checked it and why.')}
          </p>
          {errors.purpose && (
            <p class="field-error" id="scan-purpose-error">
              <span aria-hidden="true">! </span>
              {errors.purpose.join(' ')}
            </p>
          )}
          {PURPOSES.map((p, i) => {
            const id = i === 0 ? IDS.purpose : `${IDS.purpose}-${p.value}`
            return (
              <div class="radio" key={p.value}>
                <input type="radio" id={id} name="purpose" value={p.value} data-testid={`scan-purpose-${p.value}`} checked={purpose === p.value} onChange={() => (setPurpose(p.value), setErrors((x) => ({ ...x, purpose: undefined })))} />
                <label for={id}>{p.label()}</label>
              </div>
            )
          })}
        </fieldset>
        {purpose === 'other' && <TextField id={IDS.other} maxLength={200} autoComplete="off" label={t('The purpose, in a few words')} errors={errors.other} value={other} onValue={setOther} />}
        <TextField id={IDS.case} optional maxLength={16} autoComplete="off" autoCapitalize="characters" spellcheck={false} label={t('Case number')} hint={t('If the check is for a case: it starts with TB, for example TB20240315123456.')} errors={errors.case} value={caseNo} onValue={setCaseNo} />
        <h2 id="scan-start-h">{t('The code')}</h2>
        <CameraScan onText={(s) => void check(s)} />
        <div class={`field${errors.qr ? ' has-error' : ''}`}>
          <label for={IDS.qr}>{t('Or paste or type the text of the QR code')}</label>
          {errors.qr && (
            <p class="field-error" id="scan-text-error">
              <span aria-hidden="true">! </span>
              {errors.qr.join(' ')}
            </p>
          )}
          <textarea id={IDS.qr} name="qr" data-testid={IDS.qr} rows={3} maxLength={2000} spellcheck={false} autoCapitalize="characters" value={text} aria-invalid={errors.qr ? true : undefined} aria-describedby={errors.qr ? 'scan-text-error' : undefined} onInput={(e) => setText(e.currentTarget.value)} />
        </div>
        <div class="actions">
          <button type="submit" class="btn" data-testid="scan-check" disabled={busy}>
            {busy ? t('Checking…') : t('Check the code')}
          </button>
        </div>
      </form>
      <div class="scan-result" aria-live="polite" ref={shown} tabIndex={-1} data-testid="scan-result">
        {problem && <FormAlert error={problem} />}
        {result && (
          <>
            <VerdictView r={result} now={now} />
            <p class="actions">
              <button type="button" class="btn secondary" data-testid="scan-next" onClick={next}>
                {t('Check another code')}
              </button>
            </p>
          </>
        )}
      </div>
    </>
  )
}
