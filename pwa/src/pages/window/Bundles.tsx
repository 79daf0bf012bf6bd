// 一件事一次办: /bundles lists the life events that apply for several services at once;
// /bundles/:code applies for all of them with one form (the union of their questions) and one set
// of materials (each uploaded once, to the bundle), then shows one receipt that lists every case.
// In 长辈版 one question or material per screen (?step=n), like the online application. The answers
// stay in this page only (there is no server draft of a bundle).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { ApiError, apiPost } from '../../api/client'
import { useApi } from '../../api/useApi'
import type { BundleForm, BundleList, BundleReceipt, RegionList, StagedFile } from '../../api/types'
import { useSignedIn } from '../../auth/session'
import { useTitle, useUi } from '../../context'
import { dataLang, formatDateTime, t } from '../../i18n'
import { levelRank, levelWords } from '../../labels'
import { AssuranceHint } from '../../components/AssuranceHint'
import { DemoLabel } from '../../components/DemoLabel'
import { ErrorView, Loading } from '../../components/ErrorView'
import { Answers, ErrorSummary } from '../../components/cases/CaseBits'
import { errorKeyOf, MaterialsReview, pagesOf, StepHead, StepNav, stepOf, SubmitProblem, summaryOf, useStepFocus, type StepItem } from '../../components/cases/Steps'
import { FieldInput, TextArea } from '../../components/cases/FieldInput'
import { ReceiptCodes } from '../../components/cases/ReceiptLinks'
import { MaterialPicker } from '../../components/window/MaterialPicker'
import { ADDRESS_ID, checkAnswers, deliveryFieldOf, fieldsOf, ISSUING, type Errors } from '../../cases/form'
import { statusLabel } from '../../cases/labels'
import { useOnline, withIdempotencyKey } from '../../cases/online'
import { uuid } from '../../cases/store'
import { uploadTo } from '../../cases/upload'
import '../cases/cases.css'
import './window.css'

const enc = encodeURIComponent

export function Bundles() {
  useTitle(t('Several services in one go'))
  const res = useApi<BundleList>('/bundles')
  const dl = dataLang()
  return (
    <>
      <h1>{t('Several services in one go')}</h1>
      <p class="lead">{t('For some life events you apply once: one form and one set of materials, and every department involved gets its own application.')}</p>
      {res.error && <ErrorView error={res.error} onRetry={res.reload} />}
      {!res.data && !res.error && <Loading />}
      {res.data && (
        <ul class="cards">
          {res.data.items.map((b) => (
            <li key={b.code} class="card" data-testid="bundle-item">
              <h2 class="card-title">
                <a href={`/bundles/${enc(b.code)}`} data-testid="bundle-link" lang={dl}>
                  {b.name}
                </a>
              </h2>
              <DemoLabel demo={b.demo} />
              <p lang={dl}>{b.description}</p>
              <p class="bundle-matters-title">{t('It applies for:')}</p>
              <ul class="bullets">
                {b.matters.map((m) => (
                  <li key={m.code}>
                    <a href={`/matters/${enc(m.code)}`} lang={dl}>
                      {m.name}
                    </a>
                  </li>
                ))}
              </ul>
              <p class="hint">{t('Identity needed: {level}', { level: levelWords(b.min_assurance) })}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}

export function BundleApply({ code }: { code?: string }) {
  const me = useSignedIn()
  const form = useApi<BundleForm>(me && code ? `/bundles/${enc(code)}/form` : null)
  useTitle(form.data ? t('Apply: {matter}', { matter: form.data.title }) : t('Several services in one go'))
  if (form.error) return <ErrorView level={1} error={form.error} onRetry={form.reload} />
  if (!me || !form.data) {
    return (
      <>
        <h1>{t('Several services in one go')}</h1>
        <Loading />
      </>
    )
  }
  const b = form.data
  const dl = dataLang()
  return (
    <>
      <div class="apply-head">
        <p class="eyebrow">{t('Several services in one go')}</p>
        <h1 lang={dl}>{b.title}</h1>
        <p>
          {t('One application for:')} <span lang={dl}>{b.matters.map((m) => m.name).join(t(', '))}</span>
        </p>
      </div>
      {levelRank(me.assurance) < levelRank(b.min_assurance) ? (
        <>
          <AssuranceHint min={b.min_assurance} />
          <p>
            <a href="/bundles">{t('All bundles')}</a>
          </p>
        </>
      ) : (
        <BundleWizard key={`${me.account_id}:${b.bundle}`} b={b} />
      )}
    </>
  )
}

function BundleWizard({ b }: { b: BundleForm }) {
  const { state } = useUi()
  const { query, route, path } = useLocation()
  const online = useOnline()
  const fields = useMemo(() => fieldsOf(b as unknown as { properties: Record<string, unknown>; required: string[] }), [b])
  const dField = deliveryFieldOf(fields)
  const regions = useApi<RegionList>(fields.some((f) => f.kind === 'region') ? '/regions' : null)
  const [values, setValues] = useState<Record<string, string>>({})
  const [address, setAddress] = useState('')
  const [files, setFiles] = useState<StagedFile[]>([])
  const [errors, setErrors] = useState<Errors>({})
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [receipt, setReceipt] = useState<BundleReceipt | null>(null)
  const [focusId, setFocusId] = useState<string | null>(null)
  const key = useRef(uuid())

  const delivery = dField ? ISSUING[values[dField.name] ?? ''] ?? null : null
  const items: StepItem[] = []
  for (const f of fields) {
    items.push({ kind: 'field', f })
    if (f === dField && delivery === 'post') items.push({ kind: 'address' })
  }
  b.materials.forEach((rule, index) => items.push({ kind: 'material', rule, index }))
  items.push({ kind: 'review' })
  const pages = pagesOf(items, state.elder)
  const n = pages.length
  const step = stepOf(query.step, n)
  const page = pages[step]!
  const go = (k: number) => route(k ? `${path}?step=${k}` : path)
  useStepFocus(step, focusId, () => setFocusId(null))

  if (receipt) return <BundleReceiptView r={receipt} />

  const check = (its: StepItem[]): Errors => {
    const found = checkAnswers(its.flatMap((i) => (i.kind === 'field' ? [i.f] : [])), { form: values, delivery, deliveryAddress: address }, { address: its.some((i) => i.kind === 'address') })
    for (const i of its) {
      if (i.kind === 'material' && i.rule.required && !i.rule.licence_type && !files.some((f) => f.material === i.rule.name)) found[`materials.${i.rule.name}`] = [t('Upload {material}.', { material: i.rule.name })]
    }
    return found
  }
  const pageKeys = new Set(page.map(errorKeyOf).filter(Boolean))
  const onReview = page.some((i) => i.kind === 'review')

  const submit = async () => {
    setProblem(null)
    const found = check(items)
    setErrors(found)
    if (Object.keys(found).length) return
    setBusy(true)
    try {
      const body = {
        form: Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== '')),
        ...(delivery ? { delivery } : {}),
        ...(delivery === 'post' ? { delivery_address: address.trim() } : {}),
        materials: files.map((f) => f.id),
      }
      setReceipt(await apiPost<BundleReceipt>(`/bundles/${enc(b.bundle)}/apply`, body, { fetch: withIdempotencyKey(key.current) }))
    } catch (e) {
      const x = e instanceof ApiError ? e : new ApiError({ status: 0, title: t('Something went wrong') })
      if (x.offline) {
        setProblem(new ApiError({ status: 0, offline: true, title: t('The connection broke while submitting'), detail: t('Press the button again: the application will not be sent twice.') }))
        return
      }
      key.current = uuid()
      if (x.status === 400 && x.errors) setErrors(x.errors)
      else setProblem(x)
    } finally {
      setBusy(false)
    }
  }

  const onNext = () => {
    const found = check(page)
    setErrors((e) => ({ ...Object.fromEntries(Object.entries(e).filter(([k]) => !pageKeys.has(k))), ...found }))
    if (!Object.keys(found).length) go(step + 1)
  }

  const summary = summaryOf(errors, { pages, step, fields, materials: b.materials, dField, go, focus: setFocusId })
  const single = state.elder && page.length === 1
  const dl = dataLang()

  return (
    <>
      <ErrorSummary items={summary} />
      <SubmitProblem error={problem} />
      <form
        class="case-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void (onReview ? submit() : onNext())
        }}
      >
        <StepHead page={page} step={step} n={n} single={single} />
        {page.map((i) => {
          switch (i.kind) {
            case 'field':
              return (
                <FieldInput
                  key={i.f.name}
                  f={i.f}
                  value={values[i.f.name] ?? ''}
                  errors={errors[`form.${i.f.name}`] ?? (i.f === dField ? errors.delivery : undefined)}
                  regions={regions.data?.items}
                  asHeading={single}
                  onValue={(v) => {
                    setErrors(({ [`form.${i.f.name}`]: _gone, ...rest }) => rest)
                    setValues((o) => ({ ...o, [i.f.name]: v }))
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
                  value={address}
                  errors={errors.delivery_address}
                  asHeading={single}
                  onValue={(v) => {
                    setErrors(({ delivery_address: _gone, ...rest }) => rest)
                    setAddress(v)
                  }}
                />
              )
            case 'material':
              return (
                <MaterialPicker
                  key={i.rule.name}
                  rule={i.rule}
                  index={i.index}
                  files={files}
                  online={online}
                  level={single ? 2 : 3}
                  errors={errors[`materials.${i.rule.name}`]}
                  upload={(file, onProgress) => uploadTo<StagedFile>(`/bundles/${enc(b.bundle)}/materials`, i.rule.name, file, file.name || 'photo.jpg', { onProgress })}
                  remove={() => Promise.resolve()}
                  onFiles={(next) => {
                    setErrors(({ [`materials.${i.rule.name}`]: _gone, ...rest }) => rest)
                    setFiles(next)
                  }}
                />
              )
            case 'review':
              return (
                <div key="review" class="review" data-testid="bundle-review">
                  <section class="section" aria-labelledby="review-answers">
                    <h3 id="review-answers">{t('Your answers')}</h3>
                    <Answers fields={fields} values={values} testid="review-answers" />
                    {delivery === 'post' && (
                      <dl class="facts wide answers">
                        <div>
                          <dt>{t('Postal address for the result')}</dt>
                          <dd lang={dl}>{address.trim() || <span class="muted">{t('Not filled in')}</span>}</dd>
                        </div>
                      </dl>
                    )}
                    <button type="button" class="btn secondary" onClick={() => go(0)}>
                      {t('Change the answers')}
                    </button>
                  </section>
                  {b.materials.length > 0 && (
                    <section class="section" aria-labelledby="review-materials">
                      <h3 id="review-materials">{t('Your materials')}</h3>
                      <MaterialsReview materials={b.materials} files={files} />
                    </section>
                  )}
                  <p class="callout">{t('Submitting applies for every service listed above at once. Each department gets its own application; you get one receipt with all the case numbers.')}</p>
                </div>
              )
          }
        })}
        <StepNav
          step={step}
          onReview={onReview}
          back="/bundles"
          go={go}
          submit={
            <button type="submit" class="btn" data-testid="bundle-submit" disabled={busy || !online}>
              {busy ? t('Submitting…') : t('Submit all applications')}
            </button>
          }
        />
      </form>
    </>
  )
}

/** One receipt for the whole bundle: its number, the query code (for every case) and each case. */
function BundleReceiptView({ r }: { r: BundleReceipt }) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => ref.current?.focus(), [])
  const dl = dataLang()
  return (
    <section class="receipt" aria-labelledby="receipt-h" data-testid="bundle-receipt">
      <h2 id="receipt-h" ref={ref} tabIndex={-1}>
        {t('Applications submitted')}
      </h2>
      <dl class="facts wide">
        <ReceiptCodes number={r.number} queryCode={r.query_code} numberLabel={t('Application number')} numberTestid="bundle-receipt-number" />
        <div>
          <dt>{t('Submitted at')}</dt>
          <dd>{formatDateTime(r.submitted_at)}</dd>
        </div>
      </dl>
      <h3>{t('{n} cases, one per service', { n: r.cases.length })}</h3>
      <ul class="cards bundle-cases">
        {r.cases.map((c) => (
          <li key={c.number} class="card" data-testid="bundle-case">
            <h4 class="card-title" lang={dl}>
              {c.matter.name}
            </h4>
            <dl class="facts">
              <div>
                <dt>{t('Case number')}</dt>
                <dd>
                  <a class="code-value" href={`/cases/${enc(c.number)}`} data-testid="bundle-case-number">
                    {c.number}
                  </a>
                </dd>
              </div>
              <div>
                <dt>{t('Handled by')}</dt>
                <dd lang={dl}>{c.department.name}</dd>
              </div>
              <div>
                <dt>{t('Status')}</dt>
                <dd>{statusLabel(c.status)}</dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
      <p class="callout query-code-note">
        {t('Write down the query code now or take a screenshot: it is shown only this once. It works with every case number above.')}
      </p>
      <div class="actions">
        <a class="btn" href="/me/cases">
          {t('My cases')}
        </a>
      </div>
    </section>
  )
}
