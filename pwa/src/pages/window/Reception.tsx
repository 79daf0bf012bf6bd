// /staff/reception (窗口收件): a clerk receives a walk-in application at a window. They pick the
// window (their posts first, then the other places of their jurisdiction), find the service among
// those the window may receive, enter the applicant after checking the ID card face to face, fill
// in the form with them, photograph the paper materials, run the formal review (one large checkbox
// per item), receive — the receipt with the case number and query code, to print — and forward the
// case to the handling department, naming the originals that travel with it.
// `?case=<number>&step=form|materials|checklist` continues a draft; `?window=<code>` preselects.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { ApiError, apiGet, apiPost } from '../../api/client'
import { useApi } from '../../api/useApi'
import type { Case, CaseFile, CaseFileList, FormSchema, MatterDetail, MatterPage, MatterSummary, Profile, RegionList, WindowReceipt } from '../../api/types'
import { useAuth } from '../../auth/session'
import { useTitle } from '../../context'
import { dataLang, formatDateTime, t } from '../../i18n'
import { ErrorView, Loading } from '../../components/ErrorView'
import { FormAlert, TextField } from '../../components/Form'
import { AskFirst } from '../../components/AskFirst'
import { StepOf } from '../../components/AuthBits'
import { ErrorSummary, focusControl, type SummaryItem } from '../../components/cases/CaseBits'
import { ChoiceInput, FieldInput, TextArea } from '../../components/cases/FieldInput'
import { ReceiptCodes } from '../../components/cases/ReceiptLinks'
import { MaterialPicker } from '../../components/window/MaterialPicker'
import { useClerkPlaces, WindowSelect } from '../../components/window/WitnessWindow'
import { receptionOf } from '../../components/window/CaseModes'
import { ADDRESS_ID, checkAnswers, DELIVERY_ID, deliveriesOffered, deliveryFieldOf, deliveryLabel, fieldId, fieldsOf, idNumberValid, ISSUING, materialId, type Errors } from '../../cases/form'
import { checklistErrors, checklistNeeded, modesAt, receivesLabel, receivingPlaces, windowModeLabel, type Place, type WindowMode } from '../../cases/modes'
import { useOnline, withIdempotencyKey } from '../../cases/online'
import { receiptPdfHref } from '../../cases/around'
import { uuid } from '../../cases/store'
import { uploadMaterial } from '../../cases/upload'
import { StaffDenied } from '../cases/StaffQueue'
import '../cases/cases.css'
import './window.css'

const enc = encodeURIComponent
const STEPS = ['form', 'materials', 'checklist'] as const
type Step = (typeof STEPS)[number]

const ids = {
  window: 'reception-window',
  q: 'reception-q',
  matter: 'reception-matter',
  mode: 'reception-mode',
  name: 'reception-name',
  id_number: 'reception-id-number',
  phone: 'reception-phone',
  checked: 'reception-id-checked',
}
/** Server error keys → the control that shows them. */
const SERVER_KEYS: Record<string, string> = {
  window: ids.window,
  matter: ids.matter,
  mode: ids.mode,
  applicant: ids.name,
  'applicant.name': ids.name,
  'applicant.id_number': ids.id_number,
  'applicant.phone': ids.phone,
}

const asError = (e: unknown): ApiError => (e instanceof ApiError ? e : new ApiError({ status: 0, title: t('Something went wrong') }))

export function Reception() {
  const { me } = useAuth()
  const { query } = useLocation()
  useTitle(t('Receive an application at the window'))
  const clerk = (me?.staff ?? []).filter((s) => s.role === 'clerk')
  const head = (
    <>
      <p class="crumbs">
        <a href="/staff">{t('Staff workbench')}</a>
      </p>
      <h1>{t('Receive an application at the window')}</h1>
    </>
  )
  if (me === undefined) return <>{head}<Loading /></>
  if (!me || !clerk.some((s) => s.active)) {
    return (
      <>
        {head}
        {me && clerk.length === 0 ? <p class="notice">{t('Only window clerks receive applications at a window.')}</p> : <StaffDenied />}
      </>
    )
  }
  return (
    <>
      {head}
      {query.case ? <Draft key={query.case} number={query.case} /> : <Start me={me} preset={query.window} />}
    </>
  )
}

// ---- 1. the window, the service and the applicant ------------------------------------------------

function Start({ me, preset }: { me: Profile; preset?: string }) {
  const { route } = useLocation()
  const { places, error: load } = useClerkPlaces(me, receivingPlaces)

  const [placeCode, setPlaceCode] = useState(preset ?? '')
  const place: Place | undefined = places?.find((p) => p.code === placeCode) ?? places?.[0]
  const [q, setQ] = useState('')
  const [found, setFound] = useState<{ q: string; all: number; items: MatterSummary[] } | null>(null)
  const [searching, setSearching] = useState(false)
  const [matterCode, setMatterCode] = useState('')
  const [mode, setMode] = useState<WindowMode | ''>('')
  const [who, setWho] = useState({ name: '', id_number: '', phone: '' })
  const [idChecked, setIdChecked] = useState(false)
  const [errors, setErrors] = useState<Errors>({})
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const key = useRef(uuid())

  const receivable = (found?.items ?? []).filter((m) => place && modesAt(place.kind, m).length > 0)
  const matter = receivable.find((m) => m.code === matterCode)
  const modes = matter && place ? modesAt(place.kind, matter) : []
  const chosenMode: WindowMode | undefined = modes.length === 1 ? modes[0] : modes.find((m) => m === mode)
  const schema = useApi<FormSchema>(matter ? `/matters/${enc(matter.code)}/form` : null)

  if (load) return <ErrorView error={load} onRetry={() => location.reload()} />
  if (!places) return <Loading />
  if (!places.length || !place) return <p class="notice">{t('There is no window in your area that receives applications.')}</p>

  const clear = (...keys: string[]) => setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !keys.includes(k))))

  const search = async (e: Event) => {
    e.preventDefault()
    const words = q.trim()
    if (!words) {
      setErrors({ q: [t('Enter a few words of the service’s name.')] })
      focusControl(ids.q)
      return
    }
    clear('q')
    setSearching(true)
    try {
      const page = await apiGet<MatterPage>('/matters', { q: words, per_page: 50 })
      setFound({ q: words, all: page.items.length, items: page.items })
      setMatterCode('')
    } catch (err) {
      setProblem(asError(err))
    } finally {
      setSearching(false)
    }
  }

  const open = async (e: Event) => {
    e.preventDefault()
    setProblem(null)
    const errs: Errors = {}
    if (!matter) errs.matter = [t('Choose the service the applicant applies for.')]
    else if (!chosenMode) errs.mode = [t('Choose how the application is handled.')]
    if (!who.name.trim()) errs['applicant.name'] = [t('Enter the name on the ID card.')]
    const idn = who.id_number.trim().toUpperCase()
    if (!idn) errs['applicant.id_number'] = [t('Enter the ID card number.')]
    else if (!idNumberValid(idn)) errs['applicant.id_number'] = [t('This ID card number is not valid. Check each digit.')]
    if (!/^1[3-9]\d{9}$/.test(who.phone.trim())) errs['applicant.phone'] = [t('Enter the applicant’s mobile number (11 digits).')]
    if (!idChecked) errs.checked = [t('Check the ID card in person before you go on.')]
    setErrors(errs)
    if (Object.keys(errs).length || !matter || !chosenMode) return
    // Phone questions of the form start with the applicant's number; the clerk may change them.
    const form: Record<string, string> = {}
    for (const f of schema.data ? fieldsOf(schema.data) : []) if (f.kind === 'phone') form[f.name] = who.phone.trim()
    setBusy(true)
    try {
      const c = await apiPost<Case>(
        '/cases',
        { matter: matter.code, mode: chosenMode, window: place.code, applicant: { name: who.name.trim(), id_number: idn, phone: who.phone.trim() }, form },
        { fetch: withIdempotencyKey(key.current) },
      )
      route(`/staff/reception?case=${enc(c.number)}`)
    } catch (err) {
      const x = asError(err)
      if (!x.offline) key.current = uuid() // the answer came: a corrected request is a new one
      if (x.status === 400 && x.errors) {
        setErrors(x.errors)
        const first = Object.keys(x.errors).find((k) => SERVER_KEYS[k])
        if (first) setTimeout(() => focusControl(SERVER_KEYS[first]!), 0)
        else setProblem(x)
      } else setProblem(x)
    } finally {
      setBusy(false)
    }
  }

  const summary: SummaryItem[] = Object.entries(errors).map(([k, msgs]) => ({ key: k, text: msgs.join(' '), target: k === 'checked' ? ids.checked : k === 'q' ? ids.q : SERVER_KEYS[k] }))
  const dl = dataLang()
  const err = (k: string) => errors[k]
  return (
    <>
      <ErrorSummary items={summary} />
      <FormAlert error={problem} fields={Object.keys(SERVER_KEYS)} />
      <section class="section" aria-labelledby="where-h">
        <h2 id="where-h">{t('1. Your window')}</h2>
        <WindowSelect
          id={ids.window}
          label={t('Where you receive the application')}
          hint={{ text: receivesLabel(place.kind), testid: 'reception-window-receives' }}
          places={places}
          value={place.code}
          errors={err('window')}
          onValue={(code) => {
            setPlaceCode(code)
            setMatterCode('')
            clear('window', 'matter', 'mode')
          }}
        />
      </section>

      <section class="section" aria-labelledby="what-h">
        <h2 id="what-h">{t('2. The service')}</h2>
        <form class="search-form" role="search" onSubmit={(e) => void search(e)} noValidate>
          <div class={`field${err('q') ? ' has-error' : ''}`}>
            <label for={ids.q}>{t('Name of the service')}</label>
            <p class="hint" id={`${ids.q}-hint`}>
              {t('A few words or pinyin, for example 户籍 or hkqy.')}
            </p>
            {err('q') && (
              <p class="field-error" id={`${ids.q}-error`}>
                {err('q')!.join(' ')}
              </p>
            )}
            <div class="search-row">
              <input
                type="search"
                id={ids.q}
                data-testid={ids.q}
                value={q}
                maxLength={100}
                autoComplete="off"
                aria-describedby={`${ids.q}-hint${err('q') ? ` ${ids.q}-error` : ''}`}
                aria-invalid={err('q') ? true : undefined}
                onInput={(e) => setQ(e.currentTarget.value)}
              />
              <button type="submit" class="btn" data-testid="reception-search" disabled={searching}>
                {t('Search')}
              </button>
            </div>
          </div>
        </form>
        <div role="status">
          {found && (
            <p class="count" data-testid="reception-found">
              {receivable.length
                ? t('{n} services found that this window can receive', { n: receivable.length })
                : found.all
                  ? t('The services found cannot be received at this window.')
                  : t('No service found. Try other words.')}
            </p>
          )}
        </div>
        {receivable.length > 0 && (
          <div class={`field choice${err('matter') ? ' has-error' : ''}`}>
            <fieldset class="radios" aria-describedby={err('matter') ? `${ids.matter}-error` : undefined} data-testid={`${ids.matter}-group`}>
              <legend>{t('Choose the service')}</legend>
              {err('matter') && (
                <p class="field-error" id={`${ids.matter}-error`}>
                  {err('matter')!.join(' ')}
                </p>
              )}
              {receivable.map((m, i) => {
                const oid = i === 0 ? ids.matter : `${ids.matter}-${i}`
                return (
                  <div class="radio" key={m.code}>
                    <input
                      type="radio"
                      id={oid}
                      name="matter"
                      value={m.code}
                      checked={matterCode === m.code}
                      onChange={() => {
                        setMatterCode(m.code)
                        setMode('')
                        clear('matter', 'mode')
                      }}
                    />
                    <label for={oid} class="matter-option">
                      <span lang={dl} class="matter-option-name">
                        {m.name}
                      </span>
                      <span class="hint" lang={dl}>
                        {m.department.name}
                      </span>
                    </label>
                  </div>
                )
              })}
            </fieldset>
          </div>
        )}
        {modes.length > 1 && (
          <ChoiceInput
            id={ids.mode}
            title={t('How is it handled?')}
            options={modes.map((m) => ({ value: m, label: windowModeLabel(m) }))}
            value={mode}
            errors={err('mode')}
            onValue={(v) => {
              setMode(v as WindowMode)
              clear('mode')
            }}
          />
        )}
        {modes.length <= 1 && err('mode') && <p class="field-error" id={`${ids.mode}-error`}>{err('mode')!.join(' ')}</p>}
      </section>

      <form class="section case-form" aria-labelledby="who-h" onSubmit={(e) => void open(e)} noValidate>
        <h2 id="who-h">{t('3. The applicant')}</h2>
        <p class="callout">{t('Check the applicant’s ID card face to face: the photo must be of the person in front of you. Then enter the name and number exactly as on the card. The real-name registry confirms them, and the applicant is verified in person (level L3).')}</p>
        <TextField id={ids.name} name="name" autoComplete="off" maxLength={64} label={t('Name on the ID card')} errors={err('applicant.name') ?? err('applicant')} value={who.name} onValue={(v) => { setWho((o) => ({ ...o, name: v })); clear('applicant.name', 'applicant') }} />
        <TextField id={ids.id_number} name="id_number" autoComplete="off" spellcheck={false} autoCapitalize="characters" maxLength={18} label={t('ID card number')} hint={t('18 characters; the last one may be X.')} errors={err('applicant.id_number')} value={who.id_number} onValue={(v) => { setWho((o) => ({ ...o, id_number: v })); clear('applicant.id_number') }} />
        <TextField id={ids.phone} name="phone" type="tel" inputMode="numeric" autoComplete="off" maxLength={11} label={t('Applicant’s mobile number')} hint={t('Notices about the case go there, and the applicant can sign in with it to follow the case.')} errors={err('applicant.phone')} value={who.phone} onValue={(v) => { setWho((o) => ({ ...o, phone: v })); clear('applicant.phone') }} />
        <div class={`field check big-check${err('checked') ? ' has-error' : ''}`}>
          <input type="checkbox" id={ids.checked} data-testid={ids.checked} checked={idChecked} aria-describedby={err('checked') ? `${ids.checked}-error` : undefined} aria-invalid={err('checked') ? true : undefined} onChange={(e) => { setIdChecked(e.currentTarget.checked); clear('checked') }} />
          <label for={ids.checked}>
            {t('I have checked the ID card in person: it belongs to the applicant in front of me.')}
            {err('checked') && (
              <span class="field-error" id={`${ids.checked}-error`}>
                {err('checked')!.join(' ')}
              </span>
            )}
          </label>
        </div>
        <button type="submit" class="btn" data-testid="reception-open" disabled={busy}>
          {busy ? t('Opening…') : t('Open the application')}
        </button>
      </form>
    </>
  )
}

// ---- 2. the draft: form, materials, formal review; then receipt and forwarding -------------------

function Draft({ number }: { number: string }) {
  const { query, route } = useLocation()
  const res = useApi<Case>(`/cases/${enc(number)}`)
  const [fresh, setFresh] = useState<Case | null>(null)
  const [receipt, setReceipt] = useState<WindowReceipt | null>(null)
  const c = fresh ?? res.data
  const schema = useApi<FormSchema>(c ? `/matters/${enc(c.matter.code)}/form` : null)
  const matter = useApi<MatterDetail>(c ? `/matters/${enc(c.matter.code)}` : null)

  if (res.error) return res.error.status === 401 || res.error.status === 403 ? <StaffDenied /> : <ErrorView error={res.error} onRetry={res.reload} />
  const error = schema.error ?? matter.error
  if (error) return <ErrorView error={error} onRetry={() => location.reload()} />
  if (!c || !schema.data || !matter.data) return <Loading />
  const r = receptionOf(c)
  const dl = dataLang()
  const head = (
    <div class="reception-head">
      <p class="eyebrow">{t('Case {number}', { number: c.number })}</p>
      <h2 class="reception-matter" lang={dl} data-testid="reception-matter-name">
        {c.matter.name}
      </h2>
      <dl class="facts">
        <div>
          <dt>{t('Applicant')}</dt>
          <dd lang={dl} data-testid="applicant-name">
            {c.applicant.name || c.applicant.name_masked}
          </dd>
        </div>
        {r && (
          <div>
            <dt>{t('Window')}</dt>
            <dd lang={dl}>{r.place_name}</dd>
          </div>
        )}
        <div>
          <dt>{t('Handled by')}</dt>
          <dd lang={dl}>{c.department.name}</dd>
        </div>
      </dl>
    </div>
  )
  if (!r) {
    return (
      <>
        {head}
        <p class="notice">{t('This case was not opened at a window.')}</p>
      </>
    )
  }
  if (c.status === 'draft') {
    const step: Step = (STEPS as readonly string[]).includes(query.step ?? '') ? (query.step as Step) : 'form'
    const go = (s: Step) => route(`/staff/reception?case=${enc(c.number)}${s === 'form' ? '' : `&step=${s}`}`)
    return (
      <>
        {head}
        <DraftSteps c={c} schema={schema.data} matter={matter.data} step={step} go={go} onCase={setFresh} onReceived={(rc, next) => { setReceipt(rc); setFresh(next) }} />
        <Cancel number={c.number} onDone={setFresh} />
      </>
    )
  }
  if (c.status === 'received') {
    return (
      <>
        {receipt && receipt.number === c.number ? <ReceiptPanel c={c} r={receipt} /> : <>{head}<ReceivedNote c={c} /></>}
        <Forward c={c} onDone={setFresh} />
      </>
    )
  }
  return (
    <>
      {head}
      <Done c={c} />
    </>
  )
}

function DraftSteps({ c, schema, matter, step, go, onCase, onReceived }: { c: Case; schema: FormSchema; matter: MatterDetail; step: Step; go: (s: Step) => void; onCase: (c: Case) => void; onReceived: (r: WindowReceipt, c: Case) => void }) {
  const online = useOnline()
  const fields = useMemo(() => fieldsOf(schema), [schema])
  const dField = deliveryFieldOf(fields)
  const offered = deliveriesOffered(matter.guide.issuing_method)
  const askDelivery = !dField && offered.length > 1
  const regions = useApi<RegionList>(fields.some((f) => f.kind === 'region') ? '/regions' : null)
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(Object.entries(c.form ?? {}).filter(([, v]) => typeof v === 'string')) as Record<string, string>)
  const [delivery, setDelivery] = useState<string>(c.delivery)
  const [address, setAddress] = useState(c.delivery_address ?? '')
  const [files, setFiles] = useState<CaseFile[]>(c.materials)
  const [checked, setChecked] = useState<Set<string>>(() => new Set())
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [problem, setProblem] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const receiveKey = useRef(uuid())
  const r = receptionOf(c)!
  const provided = new Set(files.map((f) => f.material))
  const stepNo = STEPS.indexOf(step)

  // A new step: its heading takes focus, so a screen reader starts there.
  const first = useRef(true)
  useEffect(() => {
    if (first.current) first.current = false
    else document.getElementById('step-heading')?.focus()
  }, [step])

  const clear = (k: string) => setErrors(({ [k]: _gone, ...rest }) => rest)
  const answers = { form: values, delivery: dField && ISSUING[values[dField.name] ?? ''] ? ISSUING[values[dField.name]!]! : delivery, deliveryAddress: address }
  const post = answers.delivery === 'post'

  const saveForm = async (): Promise<boolean> => {
    const found = checkAnswers(fields, answers, { delivery: askDelivery, address: true })
    setErrors(found)
    if (Object.keys(found).length) return false
    setBusy(true)
    setProblem(null)
    try {
      onCase(await apiPost<Case>(`/cases/${enc(c.number)}`, { form: values, delivery: answers.delivery, delivery_address: post ? address.trim() : null }))
      return true
    } catch (e) {
      const x = asError(e)
      if (x.status === 400 && x.errors) setErrors(x.errors)
      else setProblem(x)
      return false
    } finally {
      setBusy(false)
    }
  }

  const checkMaterials = (): boolean => {
    const found: Errors = {}
    for (const m of schema.materials) {
      if (m.required && !m.licence_type && !provided.has(m.name)) found[`materials.${m.name}`] = [t('Photograph {material}, or do not receive the application.', { material: m.name })]
    }
    setErrors(found)
    return !Object.keys(found).length
  }

  const receive = async () => {
    const found = checklistErrors(r.checklist, checked, provided)
    setErrors(found)
    if (Object.keys(found).length) return
    setBusy(true)
    setProblem(null)
    try {
      const receipt = await apiPost<WindowReceipt>(`/cases/${enc(c.number)}/receive`, { checked: [...checked], reason: note.trim() }, { fetch: withIdempotencyKey(receiveKey.current) })
      const next = await apiGet<Case>(`/cases/${enc(c.number)}`).catch(() => ({ ...c, status: receipt.status }))
      onReceived(receipt, next)
    } catch (e) {
      const x = asError(e)
      if (!x.offline) receiveKey.current = uuid()
      if (x.status === 400 && x.errors) setErrors(x.errors)
      else setProblem(x)
    } finally {
      setBusy(false)
    }
  }

  const onNext = async (e: Event) => {
    e.preventDefault()
    if (step === 'form' && (await saveForm())) go('materials')
    else if (step === 'materials' && checkMaterials()) go('checklist')
    else if (step === 'checklist') await receive()
  }

  // Errors, each a link to its control; those of another step lead there.
  const targetOf = (k: string): { target?: string; step: Step } => {
    if (k.startsWith('form.')) return { target: fieldId(k.slice(5)), step: 'form' }
    if (k === 'delivery') return { target: dField ? fieldId(dField.name) : DELIVERY_ID, step: 'form' }
    if (k === 'delivery_address') return { target: ADDRESS_ID, step: 'form' }
    if (k.startsWith('materials.')) {
      const i = schema.materials.findIndex((m) => `materials.${m.name}` === k)
      return { target: i >= 0 ? `${materialId(i)}-h` : undefined, step: 'materials' }
    }
    if (k.startsWith('checklist.')) return { target: `check-${k.slice(10)}`, step: 'checklist' }
    return { step }
  }
  const summary: SummaryItem[] = Object.entries(errors).map(([k, msgs]) => {
    const where = targetOf(k)
    return { key: k, text: msgs.join(' '), target: where.target, onSelect: where.step !== step ? () => go(where.step) : undefined }
  })
  const titles: Record<Step, string> = { form: t('Fill in the form with the applicant'), materials: t('Photograph the paper materials'), checklist: t('Formal review') }
  const dl = dataLang()
  const groups = [
    { kind: 'material', title: t('Materials: original seen, copy kept') },
    { kind: 'condition', title: t('Conditions') },
  ]

  return (
    <form class="case-form reception-step" noValidate onSubmit={(e) => void onNext(e)}>
      <ErrorSummary items={summary} />
      <FormAlert error={problem} />
      <StepOf i={stepNo + 1} n={STEPS.length} />
      <h2 id="step-heading" tabIndex={-1}>
        {titles[step]}
      </h2>
      {step === 'form' && (
        <>
          {fields.map((f) => (
            <FieldInput
              key={f.name}
              f={f}
              value={values[f.name] ?? ''}
              errors={errors[`form.${f.name}`] ?? (f === dField ? errors.delivery : undefined)}
              regions={regions.data?.items}
              onValue={(v) => {
                clear(`form.${f.name}`)
                setValues((o) => ({ ...o, [f.name]: v }))
              }}
            />
          ))}
          {askDelivery && (
            <ChoiceInput id={DELIVERY_ID} title={t('How does the applicant get the result?')} options={offered.map((d) => ({ value: d, label: deliveryLabel(d) }))} value={delivery} errors={errors.delivery} onValue={(v) => { clear('delivery'); setDelivery(v) }} />
          )}
          {post && (
            <TextArea id={ADDRESS_ID} label={t('Postal address for the result')} hint={t('Province, city, district, street and number, and who receives it if it is not the applicant.')} value={address} errors={errors.delivery_address} onValue={(v) => { clear('delivery_address'); setAddress(v) }} />
          )}
        </>
      )}
      {step === 'materials' && (
        <>
          <p>{t('Photograph each paper material the applicant brought, page by page, so the department can read it. Give the originals back unless they must be sent on.')}</p>
          {schema.materials.map((rule, index) => (
            <MaterialPicker
              key={rule.name}
              rule={rule}
              index={index}
              files={files}
              online={online}
              atWindow
              errors={errors[`materials.${rule.name}`]}
              upload={(file, onProgress) => uploadMaterial(c.number, rule.name, file, file.name || 'photo.jpg', { onProgress })}
              remove={async (f) => {
                await apiPost<CaseFileList>(`/cases/${enc(c.number)}/materials/${f.id}/remove`)
              }}
              onFiles={(next) => {
                clear(`materials.${rule.name}`)
                setFiles(next)
              }}
            />
          ))}
        </>
      )}
      {step === 'checklist' && (
        <>
          <p>{t('Go through every item with the applicant. Tick an item only when it is met; the application can be received when every item that applies is ticked.')}</p>
          {groups.map((g) => {
            const items = r.checklist.filter((i) => i.kind === g.kind)
            if (!items.length) return null
            return (
              <fieldset key={g.kind} class="checklist" data-testid={`checklist-${g.kind}`}>
                <legend>{g.title}</legend>
                {items.map((i) => {
                  const needed = checklistNeeded(i, provided)
                  const id = `check-${i.key}`
                  const err = errors[`checklist.${i.key}`]
                  return (
                    <div key={i.key} class={`check big-check${err ? ' has-error' : ''}`} data-testid="checklist-item">
                      <input
                        type="checkbox"
                        id={id}
                        data-testid={id}
                        checked={checked.has(i.key)}
                        aria-describedby={err ? `${id}-error` : undefined}
                        aria-invalid={err ? true : undefined}
                        onChange={(e) => {
                          const on = e.currentTarget.checked
                          clear(`checklist.${i.key}`)
                          setChecked((s) => {
                            const n = new Set(s)
                            if (on) n.add(i.key)
                            else n.delete(i.key)
                            return n
                          })
                        }}
                      />
                      <label for={id}>
                        <span lang={dl}>{i.text}</span>
                        {!needed && <span class="optional">{t(' (not provided: no need to tick)')}</span>}
                        {err && (
                          <span class="field-error" id={`${id}-error`}>
                            {err.join(' ')}
                          </span>
                        )}
                      </label>
                    </div>
                  )
                })}
              </fieldset>
            )
          })}
          <TextArea id="reception-note" label={t('Note for the case’s progress')} optional value={note} onValue={setNote} maxLength={500} />
        </>
      )}
      <div class="step-nav">
        {stepNo > 0 ? (
          <button type="button" class="btn secondary" data-testid="step-previous" onClick={() => go(STEPS[stepNo - 1]!)}>
            {t('Previous step')}
          </button>
        ) : (
          <span />
        )}
        <button type="submit" class="btn" data-testid={step === 'checklist' ? 'reception-receive' : 'step-next'} disabled={busy || !online}>
          {step === 'checklist' ? (busy ? t('Receiving…') : t('Receive the application')) : t('Next step')}
        </button>
      </div>
    </form>
  )
}

/** Cancel a draft the applicant no longer wants (withdraw). */
function Cancel({ number, onDone }: { number: string; onDone: (c: Case) => void }) {
  const [error, setError] = useState<ApiError | null>(null)
  const go = async () => {
    setError(null)
    try {
      onDone(await apiPost<Case>(`/cases/${enc(number)}/withdraw`, {}))
      return true
    } catch (e) {
      setError(asError(e))
      return false
    }
  }
  return (
    <section class="section" aria-labelledby="cancel-h">
      <h2 id="cancel-h">{t('The applicant does not go on?')}</h2>
      <FormAlert error={error} />
      <AskFirst
        trigger={t('Cancel the application')}
        triggerTestid="reception-cancel"
        question={t('Cancel this application? It is not received and cannot be continued.')}
        yes={t('Yes, cancel it')}
        yesTestid="reception-cancel-confirm"
        no={t('No, go on')}
        onYes={go}
      />
    </section>
  )
}

/** 受理回执 for the walk-in: number and query code (shown once), printable. */
function ReceiptPanel({ c, r }: { c: Case; r: WindowReceipt }) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => ref.current?.focus(), [])
  const dl = dataLang()
  return (
    <section class="receipt print-receipt" aria-labelledby="receipt-h" data-testid="receipt">
      <h2 id="receipt-h" ref={ref} tabIndex={-1}>
        {t('Application received')}
      </h2>
      <p class="no-print">{t('Give the applicant this receipt: print it, or let them write down the case number and the query code.')}</p>
      <dl class="facts wide">
        <div>
          <dt>{t('Service')}</dt>
          <dd lang={dl}>{r.matter.name}</dd>
        </div>
        <ReceiptCodes number={r.number} queryCode={r.query_code} />
        <div>
          <dt>{t('Applicant')}</dt>
          <dd lang={dl}>{c.applicant.name_masked}</dd>
        </div>
        <div>
          <dt>{t('Received at')}</dt>
          <dd lang={dl} data-testid="receipt-place">
            {r.receiving_place.name}
          </dd>
        </div>
        <div>
          <dt>{t('Received on')}</dt>
          <dd>{formatDateTime(r.received_at)}</dd>
        </div>
        <div>
          <dt>{t('Handled by')}</dt>
          <dd lang={dl}>{r.department.name}</dd>
        </div>
      </dl>
      <p class="callout query-code-note">
        {t('Follow the case on the “look up a case” page with the case number and the query code, or by signing in with the mobile number {phone}. The query code is shown only this once.', { phone: c.applicant.phone_masked })}
      </p>
      <div class="actions no-print">
        <button type="button" class="btn" data-testid="receipt-print" onClick={() => window.print()}>
          {t('Print the receipt')}
        </button>
        <a class="btn secondary" href={receiptPdfHref(r.number)} download data-testid="receipt-pdf">
          {t('Download the receipt (PDF with a QR code)')}
        </a>
      </div>
    </section>
  )
}

/** Received earlier (the page was reloaded): the query code is gone, the PDF receipt is not. */
function ReceivedNote({ c }: { c: Case }) {
  return (
    <section class="section" aria-labelledby="received-h" data-testid="reception-received">
      <h2 id="received-h">{t('Application received')}</h2>
      <p>
        {t('Case number')}
        {t(': ')}
        <span class="code-value">{c.number}</span>
      </p>
      <p>{t('The query code was shown once, at reception. The PDF receipt carries a QR code that works in its place.')}</p>
      <p>
        <a class="btn secondary" href={receiptPdfHref(c.number)} download data-testid="receipt-pdf">
          {t('Download the receipt (PDF with a QR code)')}
        </a>
      </p>
    </section>
  )
}

function Forward({ c, onDone }: { c: Case; onDone: (c: Case) => void }) {
  const r = receptionOf(c)!
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const dl = dataLang()
  const go = async () => {
    setBusy(true)
    setError(null)
    try {
      onDone(await apiPost<Case>(`/cases/${enc(c.number)}/forward`, {}))
    } catch (e) {
      setError(asError(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <section class="section forward no-print" aria-labelledby="forward-h" data-testid="reception-forward-step">
      <h2 id="forward-h">{t('Forward to the handling department')}</h2>
      <p>
        {t('Handled by')}
        {t(': ')}
        <strong lang={dl} data-testid="reception-department">
          {c.department.name}
        </strong>
      </p>
      {r.originals.length > 0 ? (
        <div class="callout" data-testid="reception-originals">
          <p>
            <strong>{t('These originals must be sent to the department:')}</strong>
          </p>
          <ul>
            {r.originals.map((o) => (
              <li key={o} lang={dl}>
                {o}
              </li>
            ))}
          </ul>
          <p>{t('Keep them with the case; a waybill is booked when you forward it.')}</p>
        </div>
      ) : (
        <p data-testid="reception-originals">{t('No originals need to travel: the department works from the photographs.')}</p>
      )}
      <FormAlert error={error} />
      <button type="button" class="btn" data-testid="reception-forward" disabled={busy} onClick={() => void go()}>
        {t('Forward to the handling department')}
      </button>
    </section>
  )
}

function Done({ c }: { c: Case }) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => ref.current?.focus(), [])
  const r = receptionOf(c)
  return (
    <section class="section" aria-labelledby="done-h" data-testid="reception-done">
      <h2 id="done-h" ref={ref} tabIndex={-1}>
        {c.status === 'withdrawn' ? t('The application is cancelled') : t('Forwarded')}
      </h2>
      <p>
        {t('Status')}
        {t(': ')}
        <strong data-testid="case-status">{c.status_label}</strong>
      </p>
      {c.status !== 'withdrawn' && (
        <p>
          {c.delivery === 'pickup'
            ? t('The department decides now. When the result is ready, the case comes back to your queue: hand the result over at the window and record it.')
            : t('The department decides now and delivers the result.')}
        </p>
      )}
      <div class="actions">
        <a class="btn" href={`/staff/reception${r ? `?window=${enc(r.place_code)}` : ''}`} data-testid="reception-next">
          {t('Receive the next applicant')}
        </a>
        <a class="btn secondary" href={`/staff/cases/${enc(c.number)}`} data-testid="reception-case-link">
          {t('See the case')}
        </a>
        <a class="btn secondary" href="/staff/queue">
          {t('Cases to handle')}
        </a>
      </div>
    </section>
  )
}
