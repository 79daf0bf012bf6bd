import { describe, expect, it } from 'vitest'
import type { AgencyPoint, Centre } from '../src/api/types'
import { agencyPointsFor, byNearness, centresFor, cityOf, compareCodes, inRegion, namedAfterKind, nearness, telHref } from '../src/directory'

const w = (code: string, kind: string, name = kind) => ({ code, kind, name })
const centre = (code: string, level: string, region_code: string, windows: ReturnType<typeof w>[]): Centre => ({
  code, name: code, level, region_code, address: '', hours: '', phone: '', demo: true, windows,
})
// A small 阜阳: the city centre, 临泉县 and 太和县 with a town each, and a 上海 centre.
const CENTRES: Centre[] = [
  centre('FY-CITY', 'city', '341200', [w('C1', 'kstb'), w('C2', 'citywide'), w('C3', 'general'), w('C4', 'help')]),
  centre('FY-LQ', 'county', '341221', [w('L1', 'kstb'), w('L2', 'citywide'), w('L3', 'general'), w('L4', 'enterprise')]),
  centre('FY-LQ-T', 'town', '341221', [w('LT1', 'general'), w('LT2', 'help')]),
  centre('FY-TH', 'county', '341222', [w('T1', 'kstb'), w('T2', 'citywide'), w('T3', 'general')]),
  centre('FY-TH-T', 'town', '341222', [w('TT1', 'general')]),
  centre('SH-XH', 'county', '310104', [w('X1', 'general')]),
]
const codes = (xs: { centre: Centre }[]) => xs.map((x) => x.centre.code)
const dept = (region_code: string) => ({ region_code })

describe('nearness', () => {
  it('reads the city from a GB/T 2260 code', () => {
    expect(cityOf('341221')).toBe('341200')
    expect(cityOf('341200')).toBe('341200')
  })

  it('puts the same county first, then the same city, then the rest', () => {
    expect(nearness('341221', '341221')).toBe(0)
    expect(nearness('341200', '341221')).toBe(1)
    expect(nearness('341222', '341221')).toBe(1)
    expect(nearness('310104', '341221')).toBe(2)
    const order = byNearness(CENTRES, '341221').map((c) => c.code)
    expect(order).toEqual(['FY-LQ', 'FY-LQ-T', 'FY-CITY', 'FY-TH', 'FY-TH-T', 'SH-XH'])
    expect(byNearness(CENTRES, '341200').map((c) => c.code)[0]).toBe('FY-CITY')
  })

  it('filters a county, or a whole city', () => {
    expect(CENTRES.filter((c) => inRegion(c.region_code, '341221')).map((c) => c.code)).toEqual(['FY-LQ', 'FY-LQ-T'])
    expect(CENTRES.filter((c) => inRegion(c.region_code, '341200'))).toHaveLength(5)
  })
})

describe('centresFor', () => {
  it('a 跨省通办 matter: centres with a kstb window, that window only, nearest first', () => {
    const m = { modes: ['online', 'proxy_window'], scopes: ['kstb'], audience: ['person'], department: dept('341200') }
    const got = centresFor(m, CENTRES, '341221')
    expect(codes(got)).toEqual(['FY-LQ', 'FY-CITY', 'FY-TH'])
    expect(got[0]!.windows.map((x) => x.code)).toEqual(['L1'])
    // partner (点对点) and 长三角 lists are 跨省通办 too
    expect(codes(centresFor({ ...m, scopes: ['partner'] }, CENTRES, '341222'))[0]).toBe('FY-TH')
  })

  it('a 全市通办 matter: every centre of the city; towns without such a window by their general one', () => {
    const m = { modes: ['proxy_window'], scopes: ['citywide'], audience: ['person'], department: dept('341200') }
    const got = centresFor(m, CENTRES, '341200')
    expect(codes(got)).toEqual(['FY-CITY', 'FY-LQ', 'FY-TH', 'FY-LQ-T', 'FY-TH-T'])
    expect(got.find((x) => x.centre.code === 'FY-LQ')!.windows.map((x) => x.kind)).toEqual(['citywide'])
    expect(got.find((x) => x.centre.code === 'FY-LQ-T')!.windows.map((x) => x.kind)).toEqual(['general'])
  })

  it('otherwise the centres of the department\'s region; enterprises at the enterprise window', () => {
    const m = { modes: ['proxy_window'], scopes: [], audience: ['person'], department: dept('341221') }
    expect(codes(centresFor(m, CENTRES, '341200'))).toEqual(['FY-LQ', 'FY-LQ-T'])
    const ent = centresFor({ ...m, audience: ['enterprise'] }, CENTRES, '341200')
    expect(ent[0]!.windows.map((x) => x.kind)).toEqual(['enterprise'])
    expect(ent[1]!.windows.map((x) => x.kind)).toEqual(['general'])
  })

  it('no window for an online-only matter, no agency point unless 跨省通办', () => {
    const online = { modes: ['online'], scopes: ['kstb', 'citywide'], audience: ['person'], department: dept('341200') }
    expect(centresFor(online, CENTRES, '341200')).toEqual([])
    const point: AgencyPoint = { code: 'P', name: 'P', kind: 'village', region_code: '341221', address: '', demo: true }
    expect(agencyPointsFor(online, [point], '341200')).toEqual([])
    expect(agencyPointsFor({ ...online, modes: ['proxy_window'], scopes: ['citywide'] }, [point], '341200')).toEqual([])
    expect(agencyPointsFor({ ...online, modes: ['proxy_window'] }, [point], '341200')).toEqual([point])
  })
})

describe('telHref', () => {
  it('dials the digits only', () => {
    expect(telHref('0558-2210001（演示）')).toBe('tel:05582210001')
    expect(telHref('+86 558 221 0001')).toBe('tel:+865582210001')
  })
})

describe('namedAfterKind', () => {
  it('spares a window named after its kind the kind in words', () => {
    expect(namedAfterKind({ kind: 'kstb', name: '跨省通办专窗' })).toBe(true)
    expect(namedAfterKind({ kind: 'kstb', name: '长三角“一网通办”专窗' })).toBe(false)
    expect(namedAfterKind({ kind: 'help', name: '“办不成事”反映窗口' })).toBe(false)
  })
})

describe('compareCodes', () => {
  // Codes as the directory and the regions have them, and the awkward cases of their alphabet:
  // a prefix, a hyphen against a digit or a letter, digits against letters, the empty code.
  const PLAIN = ['341200', '341221', '34122', '3412210', '310104-RS', 'FY-CITY', 'FY-LQ', 'FY-LQ-', 'FY-LQ-CHANGGUAN',
    'FY-LQ-W01', 'FY-LQ-W1', 'FY-LQ-W10', 'FY-LQ0', 'FY-LQA', 'FY-TH-T', 'FY-TH-W01', 'SH-XH', 'Z9', '9Z', '-A', 'A', '']
  const sign = (n: number) => Math.sign(n)

  it('orders plain codes exactly as localeCompare does, pair by pair', () => {
    for (const a of PLAIN) for (const b of PLAIN) expect(sign(compareCodes(a, b)), `${a} vs ${b}`).toBe(sign(a.localeCompare(b)))
    expect([...PLAIN].sort(compareCodes)).toEqual([...PLAIN].sort((a, b) => a.localeCompare(b)))
  })

  it('leaves any other code to localeCompare', () => {
    const OTHER = ['fy-lq', 'FY_LQ', 'Fy-Lq', 'FY-LQ', 'FY LQ', '临泉', 'FY-LQ-w01', 'FY-LQ-W01']
    for (const a of OTHER) for (const b of OTHER) expect(sign(compareCodes(a, b)), `${a} vs ${b}`).toBe(sign(a.localeCompare(b)))
  })
})
