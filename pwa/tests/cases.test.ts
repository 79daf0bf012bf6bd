import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../src/api/client'
import type { Case } from '../src/api/types'
import { setLang } from '../src/i18n'
import {
  checkAnswers,
  checkField,
  deliveriesOffered,
  deliveryFieldOf,
  fieldsOf,
  idNumberValid,
  inputAttrs,
  precheckFile,
  type FieldSpec,
} from '../src/cases/form'
import { MemoryStore, draftStore, newDraft } from '../src/cases/store'
import { DraftSync, type DraftApi, type SyncStatus } from '../src/cases/sync'
import { uploadMaterial, uploadProblem } from '../src/cases/upload'
import { withIdempotencyKey } from '../src/cases/online'

// The form of FY-GA-0010 as GET /matters/{code}/form sends it.
const SCHEMA = {
  properties: {
    deceased_id: { type: 'string', title: '死者公民身份号码', 'x-kind': 'id_number', maxLength: 18, pattern: '^[0-9]{17}[0-9Xx]$' },
    death_date: { type: 'string', title: '死亡日期', 'x-kind': 'date', maxLength: 10, format: 'date' },
    relation: { type: 'string', title: '申报人与死者关系', 'x-kind': 'select', maxLength: 200, enum: ['配偶', '子女', '父母', '其他亲属', '其他'] },
    contact_phone: { type: 'string', title: '联系电话', 'x-kind': 'phone', maxLength: 20, pattern: '^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$' },
    remark: { type: 'string', title: '备注', 'x-kind': 'textarea', maxLength: 2000 },
    delivery: { type: 'string', title: '注销证明领取方式', 'x-kind': 'select', maxLength: 200, enum: ['电子证照', '邮寄送达', '窗口领取'] },
  },
  required: ['deceased_id', 'death_date', 'relation', 'contact_phone', 'delivery'],
}
const field = (name: string): FieldSpec => fieldsOf(SCHEMA).find((f) => f.name === name)!

beforeEach(() => setLang('en'))
afterEach(() => {
  setLang('zh_Hans')
  vi.useRealTimers()
})

describe('the form schema', () => {
  it('gives the fields in order with kind, title, required and limits', () => {
    const fields = fieldsOf(SCHEMA)
    expect(fields.map((f) => f.name)).toEqual(['deceased_id', 'death_date', 'relation', 'contact_phone', 'remark', 'delivery'])
    expect(field('relation')).toMatchObject({ kind: 'select', required: true, options: ['配偶', '子女', '父母', '其他亲属', '其他'] })
    expect(field('remark')).toMatchObject({ kind: 'textarea', required: false, maxLength: 2000 })
  })

  it('checks answers as the server does, keyed as the server keys them', () => {
    expect(checkField(field('relation'), '')).toEqual(['Choose 申报人与死者关系.'])
    expect(checkField(field('contact_phone'), '  ')).toEqual(['Enter 联系电话.'])
    expect(checkField(field('remark'), '')).toEqual([])
    expect(checkField(field('death_date'), '2026-02-30')).toEqual(['Enter a real date, for example 2024-03-15.'])
    expect(checkField(field('death_date'), '2026-02-28')).toEqual([])
    expect(checkField(field('contact_phone'), '12345')).toEqual(['Enter a mobile number of 11 digits, or a landline number with its area code.'])
    expect(checkField(field('contact_phone'), '0558-1234567')).toEqual([])
    expect(checkField(field('relation'), '朋友')).toEqual(['Choose one of the options.'])
    expect(checkField(field('deceased_id'), '34120219450312011')).toEqual(['An ID card number has 18 characters: 17 digits, then a digit or X.'])
    expect(checkField(field('deceased_id'), '341202194503120111')).toEqual(['This ID card number is not valid. Check each digit.'])
    expect(checkField(field('deceased_id'), '341202194503120110')).toEqual([])
    const errors = checkAnswers(fieldsOf(SCHEMA), { form: { relation: '子女' }, delivery: 'post', deliveryAddress: ' ' }, { address: true })
    expect(Object.keys(errors).sort()).toEqual(['delivery_address', 'form.contact_phone', 'form.death_date', 'form.deceased_id', 'form.delivery'])
  })

  it('knows GB 11643 check characters, X included', () => {
    expect(idNumberValid('11010519491231002X')).toBe(true)
    expect(idNumberValid('110105194912310021')).toBe(false)
  })

  it('finds the question that is the way of getting the result, and the ways a matter offers', () => {
    expect(deliveryFieldOf(fieldsOf(SCHEMA))?.name).toBe('delivery')
    expect(deliveryFieldOf([field('relation')])).toBeUndefined()
    expect(deliveriesOffered(['邮寄送达', '窗口领取'])).toEqual(['post', 'pickup'])
    expect(deliveriesOffered([])).toEqual(['e_licence', 'post', 'pickup'])
  })

  it('asks for the right keyboard', () => {
    expect(inputAttrs(field('contact_phone'))).toMatchObject({ type: 'tel', inputMode: 'tel' })
    expect(inputAttrs(field('death_date'))).toMatchObject({ type: 'date' })
    expect(inputAttrs(field('deceased_id'))).toMatchObject({ autoComplete: 'off', spellcheck: false, maxLength: 18 })
  })

  it('refuses a file too big or of another type before sending it', () => {
    const rule = { accepted_types: ['application/pdf', 'image/jpeg', 'image/png'], max_bytes: 1000 }
    expect(precheckFile({ size: 10, type: 'image/png', name: 'a.png' }, rule)).toBeNull()
    expect(precheckFile({ size: 10, type: '', name: 'scan.PDF' }, rule)).toBeNull()
    expect(precheckFile({ size: 1001, type: 'image/png', name: 'a.png' }, rule)).toBe(413)
    expect(precheckFile({ size: 10, type: 'application/msword', name: 'a.doc' }, rule)).toBe(415)
    expect(precheckFile({ size: 10, type: '', name: 'a.exe' }, rule)).toBe(415)
    expect(uploadProblem(413, { ...rule, max_bytes: 10 * 1048576 })).toContain('at most 10 MB')
    expect(uploadProblem(415, rule)).toContain('PDF, JPG, PNG')
    expect(uploadProblem(500, rule)).toBeNull()
  })
})

const fakeCase = (number: string, form: Record<string, string> = {}) => ({ number, status: 'draft', form, delivery: 'e_licence' }) as unknown as Case

function fakeApi(online: { value: boolean }) {
  const calls: string[] = []
  const saved: Record<string, string>[] = []
  const api: DraftApi = {
    create: vi.fn(async (matter: string, key: string) => {
      if (!online.value) throw new ApiError({ status: 0, offline: true, title: 'offline' })
      calls.push(`create ${matter} ${key}`)
      return fakeCase('TB20260101000001')
    }),
    save: vi.fn(async (number: string, body) => {
      if (!online.value) throw new ApiError({ status: 0, offline: true, title: 'offline' })
      calls.push(`save ${number}`)
      saved.push(body.form)
      return fakeCase(number, body.form)
    }),
  }
  return { api, calls, saved }
}

class Events {
  private fns = new Map<string, () => void>()
  addEventListener(name: string, fn: () => void) {
    this.fns.set(name, fn)
  }
  removeEventListener(name: string) {
    this.fns.delete(name)
  }
  fire(name: string) {
    this.fns.get(name)?.()
  }
}

describe('saving a draft as one types', () => {
  it('keeps a change on the device at once and sends it after a pause', async () => {
    vi.useFakeTimers()
    const online = { value: true }
    const { api, calls, saved } = fakeApi(online)
    const store = new MemoryStore()
    const states: SyncStatus['state'][] = []
    const d = newDraft(7, 'FY-GA-0010')
    const sync = new DraftSync(store, api, d, (s) => states.push(s.state), 800, new Events())
    await sync.update({ form: { relation: '子女' } })
    await sync.update({ form: { contact_phone: '138' } })
    expect((await store.get(d.key))?.form).toEqual({ relation: '子女', contact_phone: '138' })
    expect(calls).toEqual([])
    await vi.advanceTimersByTimeAsync(800)
    expect(calls).toEqual([`create FY-GA-0010 ${d.createKey}`, 'save TB20260101000001'])
    expect(saved).toEqual([{ relation: '子女', contact_phone: '138' }])
    expect(states.at(-1)).toBe('saved')
    expect(await store.get(d.key)).toMatchObject({ number: 'TB20260101000001', dirty: false })
  })

  it('offline, keeps the draft on the device and sends it when the `online` event comes', async () => {
    vi.useFakeTimers()
    const online = { value: false }
    const { api, calls, saved } = fakeApi(online)
    const store = new MemoryStore()
    const events = new Events()
    let last: SyncStatus | null = null
    const d = newDraft(7, 'FY-GA-0010')
    const sync = new DraftSync(store, api, d, (s) => (last = s), 800, events)
    await sync.update({ form: { relation: '父母' } })
    await vi.advanceTimersByTimeAsync(800)
    expect(last!.state).toBe('local')
    expect(await store.get(d.key)).toMatchObject({ dirty: true, number: null, form: { relation: '父母' } })

    online.value = true
    events.fire('online')
    await vi.runAllTimersAsync()
    expect(calls).toEqual([`create FY-GA-0010 ${d.createKey}`, 'save TB20260101000001'])
    expect(saved).toEqual([{ relation: '父母' }])
    expect(last!.state).toBe('saved')
    expect(await store.get(d.key)).toMatchObject({ dirty: false, number: 'TB20260101000001' })
    sync.dispose()
  })

  it('a change made while saving is sent too, and the draft stays marked as changed until it is', async () => {
    const online = { value: true }
    const { api, saved } = fakeApi(online)
    let release: () => void = () => undefined
    const gate = new Promise<void>((r) => (release = r))
    const slowSave = api.save
    api.save = vi.fn(async (n, b) => {
      await gate
      return slowSave(n, b)
    })
    const store = new MemoryStore()
    const d = { ...newDraft(7, 'FY-GA-0010'), number: 'TB20260101000001' }
    const sync = new DraftSync(store, api, d, () => undefined, 10_000, new Events())
    await sync.update({ form: { relation: '子女' } })
    const first = sync.flush()
    await sync.update({ form: { relation: '配偶' } })
    release()
    await first
    await sync.flush()
    expect(saved.at(-1)).toEqual({ relation: '配偶' })
    expect(sync.draft.dirty).toBe(false)
  })

  it('a draft no longer open on the server (409) is closed, a refused value is invalid', async () => {
    const store = new MemoryStore()
    const d = { ...newDraft(7, 'FY-GA-0010'), number: 'TB20260101000001' }
    const states: SyncStatus[] = []
    const api: DraftApi = {
      create: vi.fn(),
      save: vi.fn(async () => {
        throw new ApiError({ status: 400, title: 'x', errors: { 'form.remark': ['too long'] } })
      }),
    }
    const sync = new DraftSync(store, api, d, (s) => states.push(s), 10, new Events())
    await sync.update({ form: { remark: 'x' } })
    await sync.flush()
    expect(states.at(-1)).toMatchObject({ state: 'invalid' })
    expect(states.at(-1)!.error!.errors).toEqual({ 'form.remark': ['too long'] })
    api.save = vi.fn(async () => {
      throw new ApiError({ status: 409, title: 'conflict' })
    })
    await sync.update({ form: { remark: 'y' } })
    await sync.flush()
    expect(states.at(-1)!.state).toBe('closed')
  })

  it('kiosk mode keeps drafts in memory only', async () => {
    const store = draftStore(true)
    expect(store).toBeInstanceOf(MemoryStore)
  })
})

class FakeXhr {
  static last: FakeXhr | null = null
  headers: Record<string, string> = {}
  method = ''
  url = ''
  body: FormData | null = null
  status = 0
  responseText = ''
  withCredentials = false
  responseHeaders: Record<string, string> = {}
  upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null
  constructor() {
    FakeXhr.last = this
  }
  open(method: string, url: string) {
    this.method = method
    this.url = url
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v
  }
  getResponseHeader(k: string) {
    return this.responseHeaders[k.toLowerCase()] ?? null
  }
  send(body: FormData) {
    this.body = body
  }
  abort() {
    this.onabort?.()
  }
  respond(status: number, body: unknown, type = 'application/json') {
    this.status = status
    this.responseText = JSON.stringify(body)
    this.responseHeaders['content-type'] = type
    this.onload?.()
  }
}

describe('uploading a material', () => {
  beforeEach(() => {
    document.cookie = 'tb_csrf=tok123'
  })

  it('sends multipart material + file with the CSRF token and reports progress', async () => {
    FakeXhr.last = null
    const progress: number[] = []
    const file = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'proof.png', { type: 'image/png' })
    const done = uploadMaterial('TB20260101000001', '居民死亡医学证明（推断）书', file, 'proof.png', { onProgress: (f) => progress.push(f), xhr: () => new FakeXhr() as unknown as XMLHttpRequest })
    await vi.waitFor(() => expect(FakeXhr.last?.body).toBeTruthy())
    const x = FakeXhr.last!
    expect(x.method).toBe('POST')
    expect(x.url).toBe('/api/v1/cases/TB20260101000001/materials?lang=en')
    expect(x.headers['X-CSRF-Token']).toBe('tok123')
    expect(x.body!.get('material')).toBe('居民死亡医学证明（推断）书')
    expect((x.body!.get('file') as File).name).toBe('proof.png')
    x.upload.onprogress!({ lengthComputable: true, loaded: 2, total: 4 } as ProgressEvent)
    x.respond(201, { id: 1, material: 'm', filename: 'proof.png', content_type: 'image/png', size: 4 })
    expect((await done).id).toBe(1)
    expect(progress).toEqual([0.5, 1])
  })

  it('turns a 413 problem into an ApiError with its status, and a network failure into offline', async () => {
    FakeXhr.last = null
    const first = uploadMaterial('TB20260101000001', 'm', new Blob(['x']), 'a.pdf', { xhr: () => new FakeXhr() as unknown as XMLHttpRequest })
    await vi.waitFor(() => expect(FakeXhr.last?.body).toBeTruthy())
    FakeXhr.last!.respond(413, { title: 'Too large', status: 413, detail: 'A file may be at most 10 MB.' }, 'application/problem+json')
    await expect(first).rejects.toMatchObject({ status: 413, detail: 'A file may be at most 10 MB.' })

    FakeXhr.last = null
    const second = uploadMaterial('TB20260101000001', 'm', new Blob(['x']), 'a.pdf', { xhr: () => new FakeXhr() as unknown as XMLHttpRequest })
    await vi.waitFor(() => expect(FakeXhr.last?.body).toBeTruthy())
    FakeXhr.last!.onerror!()
    await expect(second).rejects.toMatchObject({ offline: true, status: 0 })
  })
})

describe('idempotent requests', () => {
  it('adds the Idempotency-Key header and keeps the others', async () => {
    const base = vi.fn(async () => new Response('{}'))
    await withIdempotencyKey('k-1', base)('/api/v1/cases/X/submit', { method: 'POST', headers: { 'X-CSRF-Token': 't' } })
    const init = (base.mock.calls[0] as unknown as [string, RequestInit])[1]
    expect(init.headers).toEqual({ 'X-CSRF-Token': 't', 'Idempotency-Key': 'k-1' })
  })
})
