// /apply/:code/form (在线申请表): the matter's form from its JSON Schema, the materials, a review,
// then the submission and its receipt (受理回执). Every change is kept on this device at once
// (IndexedDB; memory only in kiosk mode) and saved to the server's draft shortly after; offline,
// it waits and is sent on the `online` event. In 长辈版 one question or one material per screen
// (?step=n), with 上一步 / 下一步 on every screen. `?case=<number>` continues a given draft.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { ApiError, apiGet, apiPost } from '../../api/client'
import { useApi } from '../../api/useApi'
import type { Case, CaseFile, FormSchema, MatterDetail, MaterialRule, Profile, Receipt, RegionList } from '../../api/types'
import { useSignedIn } from '../../auth/session'
import { useTitle, useUi } from '../../context'
import { dataLang, formatDateTime, t } from '../../i18n'
import { levelRank } from '../../labels'
import { offersOnline } from '../../directory'
import { AssuranceHint } from '../../components/AssuranceHint'
import { DemoLabel } from '../../components/DemoLabel'
import { ErrorView, Loading } from '../../components/ErrorView'
import { Answers, ErrorSummary } from '../../components/cases/CaseBits'
import { errorKeyOf, MaterialsReview, pageOfKey as pageOf, pagesOf, StepHead, StepNav, stepOf, SubmitProblem, summaryOf, useStepFocus, type StepItem } from '../../components/cases/Steps'
import { ChoiceInput, FieldInput, TextArea } from '../../components/cases/FieldInput'
import { MaterialUpload } from '../../components/cases/MaterialUpload'
import { ADDRESS_ID, checkAnswers, DELIVERY_ID, deliveriesOffered, deliveryFieldOf, deliveryLabel, fieldsOf, ISSUING, type Errors, type FieldSpec } from '../../cases/form'
import { draftKey, draftStore, newDraft, type DraftStore, type LocalDraft } from '../../cases/store'
import { DraftSync, type DraftApi, type SyncStatus } from '../../cases/sync'
import { useOnline, withIdempotencyKey } from '../../cases/online'
import { statusLabel } from '../../cases/labels'
import { askToSign, signWithPasskey, type SignOptions } from '../../cases/sign'
import { TextField } from '../../components/Form'
import './cases.css'
import { ReceiptCodes, ReceiptLinks } from '../../components/cases/ReceiptLinks'

const enc = encodeURIComponent

const api: DraftApi = {
  create: (matter, key) => apiPost<Case>('/cases', { matter, mode: 'online' }, { fetch: withIdempotencyKey(key) }),
  save: (number, body) => apiPost<Case>(`/cases/${enc(number)}`, body),
}

export function ApplyForm({ code }: { code?: string }) {
  const me = useSignedIn()
  const { state } = useUi()
  const { query } = useLocation()
  const schema = useApi<FormSchema>(me && code ? `/matters/${enc(code)}/form` : null)
  const matter = useApi<MatterDetail>(me && code ? `/matters/${enc(code)}` : null)
  const m = matter.data
  useTitle(m ? t('Apply: {matter}', { matter: m.name }) : t('Online application'))

  const error = schema.error ?? matter.error
  if (error) return <ErrorView level={1} error={error} onRetry={() => (schema.error ? schema.reload() : matter.reload())} />
  if (!me || !m || !schema.data) {
    return (
      <>
        <h1>{t('Online application')}</h1>
        <Loading />
      </>
    )
  }
  const head = (
    <div class="apply-head">
      <p class="eyebrow">{t('Online application')}</p>
      <h1 lang={dataLang()}>{m.name}</h1>
      <DemoLabel demo={m.demo} />
    </div>
  )
  if (!offersOnline(m)) {
    return (
      <>
        {head}
        <p class="notice">{t('This service cannot be applied for online.')}</p>
        <p>
          <a href={`/apply/${enc(m.code)}`}>{t('Where to apply instead')}</a>
        </p>
      </>
    )
  }
  if (levelRank(me.assurance) < levelRank(schema.data.min_assurance)) {
    return (
      <>
        {head}
        <AssuranceHint min={schema.data.min_assurance} />
        <p>
          <a href="/account">{t('Go to My account')}</a>
        </p>
      </>
    )
  }
  return (
    <>
      {head}
      <Wizard key={`${me.account_id}:${m.code}:${state.kiosk}`} me={me} schema={schema.data} matter={m} caseParam={query.case} />
    </>
  )
}

interface Loaded {
  draft: LocalDraft
  files: CaseFile[]
  serverDelivery: string | null
  /** ?case= named a case that is no longer a draft */
  closed?: Case
}

/** The draft to continue: the one named by ?case=, else this device's, refreshed from the server
 * unless it holds changes the server has not seen. */
async function loadDraft(store: DraftStore, me: Profile, matter: string, caseParam?: string): Promise<Loaded> {
  const key = draftKey(me.account_id, matter)
  let local = await store.get(key).catch(() => undefined)
  const want = caseParam || local?.number
  if (!want) return { draft: local ?? newDraft(me.account_id, matter), files: [], serverDelivery: null }
  let server: Case | undefined
  try {
    server = await apiGet<Case>(`/cases/${enc(want)}`)
  } catch (e) {
    if (e instanceof ApiError && e.offline && local) return { draft: local, files: [], serverDelivery: null }
    if (!(e instanceof ApiError) || e.status !== 404) throw e
  }
  if (!server || server.status !== 'draft' || server.matter.code !== matter) {
    if (local && local.number === want) {
      await store.delete(key).catch(() => undefined)
      local = undefined
    }
    if (caseParam && server && server.status !== 'draft') return { draft: newDraft(me.account_id, matter), files: [], serverDelivery: null, closed: server }
    return { draft: local ?? newDraft(me.account_id, matter), files: [], serverDelivery: null }
  }
  const base = local && local.number === server.number ? local : { ...newDraft(me.account_id, matter), number: server.number }
  const draft: LocalDraft = base.dirty
    ? base
    : {
        ...base,
        form: Object.fromEntries(Object.entries(server.form ?? {}).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
        delivery: base.delivery ?? server.delivery,
        delivery_address: server.delivery_address ?? '',
      }
  await store.put(draft).catch(() => undefined)
  return { draft, files: server.materials, serverDelivery: server.delivery }
}

function Wizard({ me, schema, matter, caseParam }: { me: Profile; schema: FormSchema; matter: MatterDetail; caseParam?: string }) {
  const { state } = useUi()
  const { query, route, path } = useLocation()
  const online = useOnline()
  const elder = state.elder
  const store = useMemo(() => draftStore(state.kiosk), [state.kiosk])
  const fields = useMemo(() => fieldsOf(schema), [schema])
  const dField = deliveryFieldOf(fields)
  const offered = deliveriesOffered(matter.guide.issuing_method)
  const askDelivery = !dField && offered.length > 1
  const regions = useApi<RegionList>(fields.some((f) => f.kind === 'region') ? '/regions' : null)

  const [loadError, setLoadError] = useState<ApiError | null>(null)
  const [closed, setClosed] = useState<Case | null>(null)
  const [status, setStatus] = useState<SyncStatus | null>(null)
  const [files, setFiles] = useState<CaseFile[]>([])
  const [serverDelivery, setServerDelivery] = useState<string | null>(null)
  const [errors, setErrors] = useState<Errors>({})
  const [submitError, setSubmitError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [receipt, setReceipt] = useState<Receipt | null>(null)
  const [focusId, setFocusId] = useState<string | null>(null)
  const sync = useRef<DraftSync | null>(null)
  // Signing by a texted code: the request, and the code typed. The body of a submission whose answer
  // was lost to the network is kept, so pressing again sends the very same request (same key, same body).
  const [sign, setSign] = useState<SignOptions | null>(null)
  const [code, setCode] = useState('')
  const sentBody = useRef<Record<string, unknown> | null>(null)

  useEffect(() => {
    let live = true
    loadDraft(store, me, matter.code, caseParam).then(
      (got) => {
        if (!live) return
        if (got.closed) setClosed(got.closed)
        setFiles(got.files)
        setServerDelivery(got.serverDelivery)
        const s = new DraftSync(store, api, got.draft, (st) => {
          setStatus(st)
          if (st.case) setServerDelivery(st.case.delivery)
        })
        sync.current = s
        setStatus({ state: 'idle', draft: got.draft })
        if (got.draft.dirty) void s.flush()
      },
      (e: unknown) => live && setLoadError(e instanceof ApiError ? e : new ApiError({ status: 0, title: String(e) })),
    )
    return () => {
      live = false
      sync.current?.dispose()
      sync.current = null
    }
  }, [store, me.account_id, matter.code, caseParam])

  // A value the server refused while saving: show it at its field.
  useEffect(() => {
    if (status?.state === 'invalid' && status.error?.errors) setErrors((e) => ({ ...e, ...status.error!.errors }))
  }, [status?.state, status?.error])

  const draft = status?.draft
  const delivery = draft ? (draft.delivery ?? (askDelivery ? null : serverDelivery ?? offered[0] ?? null)) : null

  // The screens: every question (the address right after the delivery, when it goes by post),
  // every material, then the review.
  const items: StepItem[] = []
  for (const f of fields) {
    items.push({ kind: 'field', f })
    if (f === dField && delivery === 'post') items.push({ kind: 'address' })
  }
  if (askDelivery) items.push({ kind: 'delivery' })
  if (!dField && delivery === 'post') items.push({ kind: 'address' })
  schema.materials.forEach((rule, index) => items.push({ kind: 'material', rule, index }))
  items.push({ kind: 'review' })
  const pages = pagesOf(items, elder)
  const n = pages.length
  const step = stepOf(query.step, n)
  const page = pages[step]!
  useStepFocus(step, focusId, () => setFocusId(null))

  if (loadError) return <ErrorView error={loadError} onRetry={() => location.reload()} />
  if (closed) {
    return (
      <p class="notice" data-testid="draft-closed">
        {t('This application has already been submitted or withdrawn.')} <a href={`/cases/${enc(closed.number)}`}>{t('See the case')}</a>
      </p>
    )
  }
  if (receipt) return <ReceiptView r={receipt} />
  if (!draft) return <Loading />

  const go = (k: number) => route(`${path}?${new URLSearchParams({ ...(caseParam ? { case: caseParam } : {}), ...(k ? { step: String(k) } : {}) })}`.replace(/\?$/, ''))
  const pageOfKey = (key: string): number => pageOf({ pages, dField }, key)
  const setValue = (f: FieldSpec, v: string) => {
    setErrors(({ [`form.${f.name}`]: _gone, ...rest }) => rest)
    void sync.current?.update({ form: { [f.name]: v }, ...(f === dField && ISSUING[v] ? { delivery: ISSUING[v] } : {}) })
  }
  const answers = { form: draft.form, delivery, deliveryAddress: draft.delivery_address }

  /** Errors of the screens' items (client checks; the server checks again at submission). */
  const checkPage = (its: StepItem[]): Errors => {
    const found = checkAnswers(
      its.flatMap((i) => (i.kind === 'field' ? [i.f] : [])),
      answers,
      { delivery: its.some((i) => i.kind === 'delivery'), address: its.some((i) => i.kind === 'address') },
    )
    if (online && draft.number) {
      for (const i of its) {
        if (i.kind === 'material' && i.rule.required && !i.rule.licence_type && !files.some((f) => f.material === i.rule.name)) {
          found[`materials.${i.rule.name}`] = [t('Upload {material}.', { material: i.rule.name })]
        }
      }
    }
    return found
  }
  const pageKeys = new Set(page.map(errorKeyOf).filter(Boolean))
  const onNext = async () => {
    const found = checkPage(page)
    setErrors((e) => ({ ...Object.fromEntries(Object.entries(e).filter(([k]) => !pageKeys.has(k))), ...found }))
    if (Object.keys(found).length) return
    const next = pages[step + 1]
    if (next?.some((i) => i.kind === 'material') && sync.current && !draft.number && online) await sync.current.flush()
    go(step + 1)
  }

  const fail = (e: unknown) => (e instanceof ApiError ? e : new ApiError({ status: 0, title: t('Something went wrong') }))

  /** The signature the submission carries: a passkey's, or the texted code's (then asked for on
   * this screen first); null: wait for the person. */
  const signature = async (number: string): Promise<Record<string, unknown> | null> => {
    if (sign?.method === 'sms_code') {
      if (!code.trim()) {
        setErrors({ 'signature.code': [t('Enter the code from the text message.')] })
        return null
      }
      return { signature: { method: 'sms_code', code: code.trim() } }
    }
    const opts = await askToSign(number)
    if (opts === null) return {} // this server takes submissions without a signature
    if (opts.method === 'sms_code') {
      setSign(opts)
      setCode('')
      setFocusId('sign-code')
      return null
    }
    const signed = await signWithPasskey(opts)
    if (!signed) {
      setSubmitError(new ApiError({ status: 0, title: t('The application was not signed, so it is not submitted yet.'), detail: t('Press “Sign and submit” to try again, or sign with a code sent to your phone.') }))
      return null
    }
    return { signature: signed }
  }

  const onSubmit = async () => {
    setSubmitError(null)
    setBusy(true)
    try {
      if (!sentBody.current) {
        const found = checkPage(items)
        setErrors(found)
        if (Object.keys(found).length) return
        const ok = await sync.current!.flush()
        const s = sync.current!.draft
        if (!ok || !s.number) {
          setSubmitError(
            new ApiError({ status: 0, offline: true, title: t('Not submitted yet'), detail: t('You are offline. Your application is kept on this device; submit it when you are back online.') }),
          )
          return
        }
        sentBody.current = await signature(s.number)
        if (!sentBody.current) return
      }
      const s = sync.current!.draft
      const r = await apiPost<Receipt>(`/cases/${enc(s.number!)}/submit`, sentBody.current, { fetch: withIdempotencyKey(s.submitKey) })
      sentBody.current = null
      await store.delete(s.key).catch(() => undefined)
      setReceipt(r)
      window.scrollTo(0, 0)
    } catch (e) {
      const err = fail(e)
      if (err.offline) {
        setSubmitError(new ApiError({ status: 0, offline: true, title: t('The connection broke while submitting'), detail: t('Press the button again: the application will not be sent twice.') }))
        return
      }
      sentBody.current = null
      if (err.errors?.signature) setSign(null) // expired, or the application changed since: sign again
      if (err.status === 400 && err.errors) setErrors(err.errors)
      else if (err.status === 409 || err.status === 422) {
        // Submitted meanwhile (another tab, or an answer lost before a reload): say so.
        const now = await apiGet<Case>(`/cases/${enc(sync.current!.draft.number!)}`).catch(() => null)
        if (now && now.status !== 'draft') {
          await store.delete(sync.current!.draft.key).catch(() => undefined)
          setClosed(now)
        } else setSubmitError(err)
      } else setSubmitError(err)
    } finally {
      setBusy(false)
    }
  }

  const smsSign = async () => {
    setSubmitError(null)
    setBusy(true)
    try {
      const opts = await askToSign(sync.current!.draft.number!, 'sms_code')
      if (opts) {
        setSign(opts)
        setCode('')
        setFocusId('sign-code')
      }
    } catch (e) {
      const err = fail(e)
      if (err.status === 400 && err.errors) setErrors(err.errors)
      else setSubmitError(err)
    } finally {
      setBusy(false)
    }
  }

  const onReview = page.some((i) => i.kind === 'review')
  const summary = summaryOf(errors, { pages, step, fields, materials: schema.materials, dField, go, focus: setFocusId })
  const single = elder && page.length === 1
  return (
    <>
      <SaveStatus status={status} online={online} kiosk={state.kiosk} />
      <ErrorSummary items={summary} />
      <SubmitProblem error={submitError} />
      <form
        class="case-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void (onReview ? onSubmit() : onNext())
        }}
      >
        <StepHead page={page} step={step} n={n} single={single} />
        {page.map((i) => {
          switch (i.kind) {
            case 'field':
              return (
                <FieldInput key={i.f.name} f={i.f} value={draft.form[i.f.name] ?? ''} errors={errors[`form.${i.f.name}`] ?? (i.f === dField ? errors.delivery : undefined)} onValue={(v) => setValue(i.f, v)} regions={regions.data?.items} asHeading={single} />
              )
            case 'delivery':
              return (
                <ChoiceInput
                  key="delivery"
                  id={DELIVERY_ID}
                  title={t('How do you want to get the result?')}
                  options={offered.map((d) => ({ value: d, label: deliveryLabel(d) }))}
                  value={draft.delivery ?? ''}
                  errors={errors.delivery}
                  asHeading={single}
                  onValue={(v) => {
                    setErrors(({ delivery: _gone, ...rest }) => rest)
                    void sync.current?.update({ delivery: v })
                  }}
                />
              )
            case 'address':
              return (
                <TextArea
                  key="address"
                  id={ADDRESS_ID}
                  label={t('Postal address for the result')}
                  hint={t('Province, city, district, street and number, and who receives it if it is not you.')}
                  value={draft.delivery_address}
                  errors={errors.delivery_address}
                  asHeading={single}
                  onValue={(v) => {
                    setErrors(({ delivery_address: _gone, ...rest }) => rest)
                    void sync.current?.update({ delivery_address: v })
                  }}
                />
              )
            case 'material':
              return (
                <MaterialUpload
                  key={i.rule.name}
                  number={draft.number}
                  rule={i.rule}
                  index={i.index}
                  files={files}
                  errors={errors[`materials.${i.rule.name}`]}
                  online={online}
                  level={single ? 2 : 3}
                  onFiles={(next) => {
                    setErrors(({ [`materials.${i.rule.name}`]: _gone, ...rest }) => rest)
                    setFiles(next)
                  }}
                />
              )
            case 'review':
              return (
                <Review
                  key="review"
                  fields={fields}
                  draft={draft}
                  delivery={delivery}
                  askDelivery={askDelivery}
                  materials={schema.materials}
                  files={files}
                  onChange={(k) => go(Math.max(0, pageOfKey(k)))}
                />
              )
          }
        })}
        {onReview && sign?.method === 'sms_code' && (
          <div class="sign-code" data-testid="sign-step">
            <h3>{t('Sign the application')}</h3>
            <p>{t('To confirm it is you, a code was sent to {phone}. Entering it signs this application.', { phone: sign.phone_masked ?? '' })}</p>
            <TextField
              id="sign-code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={12}
              label={t('Code from the text message')}
              errors={errors['signature.code']}
              value={code}
              onValue={(v) => {
                setCode(v)
                setErrors(({ 'signature.code': _gone, ...rest }) => rest)
              }}
            />
            <button type="button" class="btn secondary" data-testid="sign-resend" disabled={busy} onClick={() => void smsSign()}>
              {t('Send the code again')}
            </button>
          </div>
        )}
        {onReview && sign?.method !== 'sms_code' && submitError && !submitError.offline && (
          <p>
            <button type="button" class="btn secondary" data-testid="sign-by-sms" disabled={busy} onClick={() => void smsSign()}>
              {t('Sign with a code sent to my phone instead')}
            </button>
          </p>
        )}
        <StepNav
          step={step}
          onReview={onReview}
          back={`/apply/${enc(matter.code)}`}
          go={go}
          testid="step-nav"
          submit={
            <button type="submit" class="btn" data-testid="case-submit" disabled={busy}>
              {busy ? t('Submitting…') : t('Sign and submit')}
            </button>
          }
        />
      </form>
      <p class="where-back">
        <a href={`/matters/${enc(matter.code)}`}>{t('Back to the service guide')}</a>
      </p>
    </>
  )
}

/** Saved / saving / kept on this device: a live region, so screen readers hear it too. */
function SaveStatus({ status, online, kiosk }: { status: SyncStatus | null; online: boolean; kiosk: boolean }) {
  const s = status?.state
  const waiting = status?.draft.dirty || !status?.draft.number
  let text = ''
  if (status && (s === 'local' || (!online && status.draft.dirty))) {
    text = kiosk ? t('You are offline. Stay on this page: what you typed is sent when you are back online.') : t('Saved on this device. It will be sent when you are back online.')
  } else if (s === 'saving') text = t('Saving…')
  else if (s === 'saved' && !waiting) text = t('Saved. You can come back to it later.')
  else if (s === 'invalid') text = t('Not saved yet: change what is marked below.')
  else if (s === 'error') text = t('Could not save just now. It will be tried again with your next change.')
  else if (s === 'closed') text = t('This application can no longer be changed.')
  return (
    <p role="status" class={`save-status${s === 'local' || (!online && status?.draft.dirty) ? ' offline' : ''}`} data-testid="save-status">
      {text}
    </p>
  )
}

function Review({ fields, draft, delivery, askDelivery, materials, files, onChange }: { fields: FieldSpec[]; draft: LocalDraft; delivery: string | null; askDelivery: boolean; materials: MaterialRule[]; files: CaseFile[]; onChange: (key: string) => void }) {
  const dl = dataLang()
  return (
    <div class="review" data-testid="case-review">
      <section class="section" aria-labelledby="review-answers">
        <h3 id="review-answers">{t('Your answers')}</h3>
        <Answers fields={fields} values={draft.form} testid="review-answers" />
        {(askDelivery || delivery === 'post') && (
          <dl class="facts wide answers">
            {askDelivery && (
              <div>
                <dt>{t('How you get the result')}</dt>
                <dd>{delivery ? deliveryLabel(delivery) : <span class="muted">{t('Not chosen')}</span>}</dd>
              </div>
            )}
            {delivery === 'post' && (
              <div>
                <dt>{t('Postal address for the result')}</dt>
                <dd lang={dl}>{draft.delivery_address.trim() || <span class="muted">{t('Not filled in')}</span>}</dd>
              </div>
            )}
          </dl>
        )}
        <button type="button" class="btn secondary" onClick={() => onChange(fields[0] ? `form.${fields[0].name}` : 'delivery')}>
          {t('Change the answers')}
        </button>
      </section>
      {materials.length > 0 && (
        <section class="section" aria-labelledby="review-materials">
          <h3 id="review-materials">{t('Your materials')}</h3>
          <MaterialsReview materials={materials} files={files} />
          <button type="button" class="btn secondary" onClick={() => onChange(`materials.${materials[0]!.name}`)}>
            {t('Change the materials')}
          </button>
        </section>
      )}
      <p class="callout">
        {t('When you submit, you sign the application: with your passkey (fingerprint, face or screen lock), or with a code sent to your phone. Then the department checks it; you get a case number and a query code to follow it.')}
      </p>
    </div>
  )
}

/** 受理回执: the case number and the query code, which is shown only this once. */
function ReceiptView({ r }: { r: Receipt }) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => ref.current?.focus(), [])
  const dl = dataLang()
  return (
    <section class="receipt" aria-labelledby="receipt-h" data-testid="receipt">
      <h2 id="receipt-h" ref={ref} tabIndex={-1}>
        {t('Application submitted')}
      </h2>
      <dl class="facts wide">
        <ReceiptCodes number={r.number} queryCode={r.query_code} />
        <div>
          <dt>{t('Status')}</dt>
          <dd data-testid="receipt-status">{statusLabel(r.status)}</dd>
        </div>
        <div>
          <dt>{t('Handled by')}</dt>
          <dd lang={dl}>{r.department?.name}</dd>
        </div>
        <div>
          <dt>{t('Submitted at')}</dt>
          <dd>{formatDateTime(r.submitted_at)}</dd>
        </div>
      </dl>
      <p class="callout query-code-note" data-testid="receipt-note">
        {t('Write down the query code now or take a screenshot: it is shown only this once. With the case number and the query code anyone you trust can look up the progress without signing in.')}
      </p>
      <ReceiptLinks number={r.number} heading="h3" />
      <div class="actions">
        <a class="btn" href={`/cases/${enc(r.number)}`} data-testid="receipt-case-link">
          {t('See the case')}
        </a>
        <a class="btn secondary" href="/me/cases">
          {t('My cases')}
        </a>
      </div>
    </section>
  )
}
