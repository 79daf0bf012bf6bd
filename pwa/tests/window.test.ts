import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ChecklistItem } from '../src/api/types'
import { setLang } from '../src/i18n'
import { caseNumberFrom, checklistErrors, checklistNeeded, modesAt, placeReceives, receiptToken, receivingPlaces, regionWithin } from '../src/cases/modes'
import { qrScanSupported } from '../src/cases/scan'
import { uploadTo } from '../src/cases/upload'

beforeEach(() => setLang('en'))
afterEach(() => setLang('zh_Hans'))

// GB/T 2260 parents as GET /regions gives them: 安徽省 > 阜阳市 > 临泉县, 太和县; 浙江省 > 宁波市.
const PARENTS = new Map<string, string | null>([
  ['340000', null],
  ['341200', '340000'],
  ['341221', '341200'],
  ['341222', '341200'],
  ['330000', null],
  ['330200', '330000'],
])

describe('which places receive which matters (backend cases/reception.py)', () => {
  const proxy = { modes: ['online', 'proxy_window'], scopes: ['kstb'] }
  const citywide = { modes: ['online'], scopes: ['citywide'] }
  const both = { modes: ['online', 'proxy_window'], scopes: ['kstb', 'citywide'] }
  const joint = { modes: ['online', 'proxy_window', 'joint'], scopes: ['kstb'] }
  const jointOnly = { modes: ['joint'], scopes: ['kstb'] }
  const onlineOnly = { modes: ['online'], scopes: ['kstb'] }

  it('a 跨省通办 window or an agency point takes proxy_window and joint matters, and the citywide list', () => {
    for (const kind of ['kstb', 'village', 'park']) {
      expect(modesAt(kind, proxy)).toEqual(['proxy_window'])
      expect(modesAt(kind, citywide)).toEqual(['proxy_window'])
      expect(modesAt(kind, joint)).toEqual(['proxy_window', 'joint'])
      expect(modesAt(kind, jointOnly)).toEqual(['joint'])
      expect(placeReceives(kind, onlineOnly)).toBe(false)
    }
  })

  it('any other receiving window takes only the citywide list; help desks take nothing', () => {
    for (const kind of ['citywide', 'general', 'enterprise']) {
      expect(modesAt(kind, proxy)).toEqual([])
      expect(modesAt(kind, citywide)).toEqual(['proxy_window'])
      expect(modesAt(kind, both)).toEqual(['proxy_window'])
    }
    expect(modesAt('citywide', { modes: ['joint'], scopes: ['citywide'] })).toEqual(['proxy_window', 'joint'])
    expect(modesAt('help', both)).toEqual([])
    expect(modesAt('unknown', both)).toEqual([])
  })
})

describe('regions and places in a jurisdiction', () => {
  it('follows the parent chain', () => {
    expect(regionWithin('341221', '341221', PARENTS)).toBe(true)
    expect(regionWithin('341221', '341200', PARENTS)).toBe(true)
    expect(regionWithin('341221', '340000', PARENTS)).toBe(true)
    expect(regionWithin('341222', '341221', PARENTS)).toBe(false)
    expect(regionWithin('341200', '341221', PARENTS)).toBe(false)
    expect(regionWithin('330200', '341200', PARENTS)).toBe(false)
    expect(regionWithin('999999', '341200', PARENTS)).toBe(false)
  })

  it('lists the clerk’s own windows first, then other receiving windows, then agency points; no help desks', () => {
    const centres = [
      { name: '太和县政务服务中心', region_code: '341222', windows: [{ code: 'FY-TH-W01', name: '跨省通办专窗', kind: 'kstb' }] },
      {
        name: '临泉县政务服务中心',
        region_code: '341221',
        windows: [
          { code: 'FY-LQ-W05', name: '帮办代办窗口', kind: 'help' },
          { code: 'FY-LQ-W02', name: '全市通办窗口', kind: 'citywide' },
          { code: 'FY-LQ-W01', name: '跨省通办专窗', kind: 'kstb' },
        ],
      },
      { name: '临泉县杨桥镇便民服务中心', region_code: '341221', windows: [{ code: 'FY-LQ-YANGQIAO-W01', name: '综合受理窗口', kind: 'general' }] },
    ]
    const points = [
      { code: 'FY-LQ-YANGQIAO-AP01', name: '张营村代办点', kind: 'village', region_code: '341221' },
      { code: 'FY-TH-AP01', name: '太和代办点', kind: 'village', region_code: '341222' },
    ]
    const got = receivingPlaces(centres, points, ['341221'], ['FY-LQ-W01'], PARENTS)
    expect(got.map((p) => p.code)).toEqual(['FY-LQ-W01', 'FY-LQ-W02', 'FY-LQ-YANGQIAO-W01', 'FY-LQ-YANGQIAO-AP01'])
    expect(got[0]).toMatchObject({ name: '临泉县政务服务中心 跨省通办专窗', kind: 'kstb', mine: true })
    expect(got.filter((p) => p.mine)).toHaveLength(1)
    // A city-wide jurisdiction covers both counties.
    expect(receivingPlaces(centres, points, ['341200'], [], PARENTS)).toHaveLength(6)
  })
})

describe('the formal-review checklist', () => {
  const items: ChecklistItem[] = [
    { key: 'material-1', kind: 'material', text: '居民身份证', required: true, checked: false },
    { key: 'material-2', kind: 'material', text: '相关证明材料', required: false, checked: false },
    { key: 'material-3', kind: 'material', text: '授权委托书', required: false, checked: false },
    { key: 'condition-1', kind: 'condition', text: '申请人户籍在阜阳市', required: true, checked: false },
  ]
  it('needs every condition, every required material and every material provided', () => {
    const provided = new Set(['相关证明材料'])
    expect(items.map((i) => checklistNeeded(i, provided))).toEqual([true, true, false, true])
    expect(Object.keys(checklistErrors(items, new Set(), provided))).toEqual(['checklist.material-1', 'checklist.material-2', 'checklist.condition-1'])
    expect(checklistErrors(items, new Set(['material-1', 'material-2', 'condition-1']), provided)).toEqual({})
    // An optional material not provided need not be ticked; once a file of it is there, it must.
    expect(Object.keys(checklistErrors(items, new Set(['material-1', 'condition-1']), new Set()))).toEqual([])
    expect(Object.keys(checklistErrors(items, new Set(['material-1', 'condition-1']), provided))).toEqual(['checklist.material-2'])
  })
  it('says what to do in words', () => {
    const e = checklistErrors(items, new Set(), new Set())
    expect(e['checklist.condition-1']![0]).toMatch(/condition/)
    expect(e['checklist.material-1']![0]).toMatch(/original/)
  })
})

describe('opening a case from its receipt', () => {
  it('reads a typed case number and the receipt QR (backend cases/receipt.py: TBR1:<number>:<token>)', () => {
    expect(caseNumberFrom('TB20261120123456')).toBe('TB20261120123456')
    expect(caseNumberFrom(' tb2026 1120 123456 ')).toBe('TB20261120123456')
    expect(caseNumberFrom('TBR1:TB20261120123456:K7QX3M2A6ZB4TRWE')).toBe('TB20261120123456')
    expect(receiptToken('TBR1:TB20261120123456:K7QX3M2A6ZB4TRWE')).toBe('K7QX3M2A6ZB4TRWE')
    expect(receiptToken('TB20261120123456')).toBeNull()
  })
  it('refuses what is not a case', () => {
    for (const bad of ['', 'TB2026112012345', 'TB202611201234567', 'YJ20261120123456', 'TBR1:TB20261120123456:short', 'https://example.com/TB20261120123456', 'TBR2:TB20261120123456:K7QX3M2A6ZB4TRWE']) {
      expect(caseNumberFrom(bad)).toBeNull()
    }
  })
  it('offers the camera only where BarcodeDetector reads QR codes', async () => {
    const media = { mediaDevices: { getUserMedia: () => undefined } }
    class QR {
      static getSupportedFormats = () => Promise.resolve(['qr_code', 'ean_13'])
      detect() {
        return Promise.resolve([])
      }
    }
    class NoQR {
      static getSupportedFormats = () => Promise.resolve(['ean_13'])
      detect() {
        return Promise.resolve([])
      }
    }
    expect(await qrScanSupported({ BarcodeDetector: QR, navigator: media })).toBe(true)
    expect(await qrScanSupported({ BarcodeDetector: NoQR, navigator: media })).toBe(false)
    expect(await qrScanSupported({ navigator: media })).toBe(false)
    expect(await qrScanSupported({ BarcodeDetector: QR, navigator: {} })).toBe(false)
  })
})

describe('uploading to a bundle', () => {
  it('posts multipart to the path given, with the CSRF header', async () => {
    const sent: { url?: string; body?: FormData; headers: Record<string, string> } = { headers: {} }
    const xhr = {
      upload: {} as { onprogress?: (e: ProgressEvent) => void },
      status: 201,
      responseText: JSON.stringify({ id: 7, material: '近期免冠彩色证件照' }),
      withCredentials: false,
      open: (_m: string, url: string) => (sent.url = url),
      setRequestHeader: (k: string, v: string) => (sent.headers[k] = v),
      getResponseHeader: () => 'application/json',
      send(body: FormData) {
        sent.body = body
        setTimeout(() => (this as unknown as { onload: () => void }).onload(), 0)
      },
    }
    document.cookie = 'tb_csrf=abc'
    const got = await uploadTo<{ id: number }>('/bundles/newborn/materials', '近期免冠彩色证件照', new Blob(['x'], { type: 'image/png' }), 'p.png', { xhr: () => xhr as unknown as XMLHttpRequest })
    expect(got.id).toBe(7)
    expect(sent.url).toMatch(/^\/api\/v1\/bundles\/newborn\/materials\?/)
    expect(sent.headers['X-CSRF-Token']).toBe('abc')
    expect(sent.body?.get('material')).toBe('近期免冠彩色证件照')
  })
})
