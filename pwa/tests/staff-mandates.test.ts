import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setLang } from '../src/i18n'
import { ACTING_HEADER, resetActingForTests, startActing, stopActing } from '../src/acting'
import { apiPost } from '../src/api/client'
import { assistCodeFrom, asSelf, dayFromToday, endOfDay, USCC } from '../src/components/window/staffMandates'
import { flatErrors } from '../src/components/window/problems'
import { formPhotoProblem } from '../src/components/window/FormPhoto'
import { scopeItems } from '../src/components/window/ScopePicker'
import { witnessPlaces } from '../src/components/window/WitnessWindow'

beforeEach(() => setLang('en'))
afterEach(() => {
  setLang('zh_Hans')
  stopActing()
  resetActingForTests()
})

const PARENTS = new Map<string, string | null>([
  ['340000', null],
  ['341200', '340000'],
  ['341221', '341200'],
  ['341222', '341200'],
])

describe('the 帮办 code a clerk types or scans', () => {
  it('takes six digits, spaces ignored, or the QR text TBA1:<6 digits>', () => {
    expect(assistCodeFrom('123456')).toBe('123456')
    expect(assistCodeFrom(' 123 456 ')).toBe('123456')
    expect(assistCodeFrom('TBA1:654321')).toBe('654321')
    expect(assistCodeFrom('tba1:654321')).toBe('654321')
  })
  it('refuses anything else: five or seven digits, another QR, letters', () => {
    for (const text of ['12345', '1234567', 'TBR1:TB20260101000000:ABCDEFGHIJKLMNOP', 'TBA1:12345', 'abcdef', '']) expect(assistCodeFrom(text)).toBeNull()
  })
})

describe('the end date of a window mandate', () => {
  it('is the end of that day where the clerk is, sent with its zone', () => {
    const iso = endOfDay('2027-03-08')!
    expect(iso).toMatch(/Z$/)
    const d = new Date(iso)
    expect([d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes()]).toEqual([2027, 3, 8, 23, 59])
  })
  it('refuses what is not a real date', () => {
    for (const v of ['', '2027-02-30', '2027-13-01', '8/3/2027']) expect(endOfDay(v)).toBeNull()
  })
  it('offers tomorrow as the earliest day', () => {
    expect(dayFromToday(1, new Date(2026, 11, 31, 15))).toBe('2027-01-01')
  })
})

describe('field errors of a problem', () => {
  it('flattens the errors webargs nests by list index, without repeats', () => {
    expect(flatErrors({ permissions: { '0': ['Not a valid choice.'], '1': ['Not a valid choice.'] }, principal_name: ['No.'], x: {} })).toEqual({
      permissions: ['Not a valid choice.'],
      principal_name: ['No.'],
    })
  })
})

describe('the photographed form', () => {
  it('takes JPEG, PNG and PDF up to 10 MB', () => {
    expect(formPhotoProblem({ type: 'image/jpeg', size: 3_000_000 })).toBeNull()
    expect(formPhotoProblem({ type: 'application/pdf', size: 10 * 1024 * 1024 })).toBeNull()
    expect(formPhotoProblem({ type: 'image/gif', size: 10 })).toMatch(/JPEG or PNG/)
    expect(formPhotoProblem({ type: 'image/png', size: 10 * 1024 * 1024 + 1 })).toMatch(/too big/)
  })
})

describe('scope and codes', () => {
  it('sends the ticked categories or services, nothing for all', () => {
    expect(scopeItems({ scope: 'all', categories: ['GA'], matters: { 'FY-GA-0010': 'x' } })).toEqual([])
    expect(scopeItems({ scope: 'categories', categories: ['GA', 'RS'], matters: {} })).toEqual(['GA', 'RS'])
    expect(scopeItems({ scope: 'matters', categories: ['GA'], matters: { 'FY-GA-0010': 'x', 'FY-GA-0001': 'y' } })).toEqual(['FY-GA-0010', 'FY-GA-0001'])
  })
  it('knows a unified social credit code by its shape', () => {
    expect(USCC.test('91341200MA2TB0NB8P')).toBe(true)
    expect(USCC.test('91341200MA2TB0NB8')).toBe(false)
    expect(USCC.test('91341200MA2TB0NBIP')).toBe(false) // I is not in the alphabet
  })
})

describe('where a clerk may witness', () => {
  const centres = [
    { name: '临泉县政务服务中心', region_code: '341221', windows: [{ code: 'FY-LQ-W05', name: '帮办代办窗口', kind: 'help' }, { code: 'FY-LQ-W01', name: '跨省通办专窗', kind: 'kstb' }] },
    { name: '太和县政务服务中心', region_code: '341222', windows: [{ code: 'FY-TH-W01', name: '跨省通办专窗', kind: 'kstb' }] },
  ]
  const points = [{ code: 'FY-LQ-P01', name: '某村代办点', kind: 'village', region_code: '341221' }]
  it('every window of the jurisdiction (the help desk too), then its agency points; the own post first', () => {
    type Args = Parameters<typeof witnessPlaces>
    const got = witnessPlaces(centres as unknown as Args[0], points as unknown as Args[1], ['341221'], ['FY-LQ-W01'], PARENTS)
    expect(got.map((p) => p.code)).toEqual(['FY-LQ-W01', 'FY-LQ-W05', 'FY-LQ-P01'])
    expect(got[0]!.mine).toBe(true)
  })
})

describe('the clerk’s own requests while acting for a resident', () => {
  it('carry no Acting-For header', async () => {
    const seen: Headers[] = []
    const base = globalThis.fetch
    globalThis.fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Headers(init?.headers))
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } })
    }) as typeof fetch
    try {
      document.cookie = 'tb_csrf=abc'
      startActing({ mandate: 'MDABCDEFGH23', name: '王**', account: 7, kind: 'assist' })
      await apiPost('/staff/mandates/lookup', {})
      await apiPost('/staff/mandates/lookup', {}, { fetch: asSelf })
    } finally {
      globalThis.fetch = base
    }
    expect(seen[0]!.get(ACTING_HEADER)).toBe('MDABCDEFGH23')
    expect(seen[1]!.get(ACTING_HEADER)).toBeNull()
    expect(seen[1]!.get('X-CSRF-Token')).toBe('abc')
  })
})
