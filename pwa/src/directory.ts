// Where to apply (办事去哪): which service centres and windows take a matter, nearest first, and
// words for the directory's codes. Pure functions over the directory API (/centres, /agency-points,
// /regions), so they are unit-tested in tests/directory.test.ts.
import { t } from './i18n'
import type { AgencyPoint, Centre, Window } from './api/types'

/** Default region for "nearest first" until the person picks one: 阜阳市 (GB/T 2260). */
export const DEFAULT_REGION = '341200'
export const isRegionCode = (v: unknown): v is string => typeof v === 'string' && /^\d{6}$/.test(v)

/** GB/T 2260 codes nest: 34 province, 3412 city, 341221 county. Towns carry their county's code. */
export const cityOf = (code: string): string => `${code.slice(0, 4)}00`

/** 0: same region (the same county, or the city itself); 1: same city; 2: elsewhere. */
export function nearness(placeRegion: string, home: string): number {
  if (placeRegion === home) return 0
  if (cityOf(placeRegion) === cityOf(home)) return 1
  return 2
}

const LEVEL_ORDER: Record<string, number> = { city: 0, county: 1, town: 2 }

/** Codes made of digits, capital letters and hyphens (GB/T 2260 regions, FY-LQ-W01): for these,
 * comparing UTF-16 code units gives localeCompare's order (- before 0–9 before A–Z, a prefix first)
 * without the ICU collator localeCompare sets up on its first call (12–14 ms in Chromium on a
 * desktop, some four times that on a slow phone: a long task of its own). */
const PLAIN_CODE = /^[0-9A-Z-]*$/

/** a.localeCompare(b) for codes, quicker for plain ones (tests/directory.test.ts holds the two equal). */
export function compareCodes(a: string, b: string): number {
  if (!PLAIN_CODE.test(a) || !PLAIN_CODE.test(b)) return a.localeCompare(b)
  return a < b ? -1 : a > b ? 1 : 0
}

/** Nearest to `home` first; then the city centre, county centres, town centres; then by code. */
export function byNearness<T extends { region_code: string; code: string; level?: string }>(items: readonly T[], home: string): T[] {
  const key = (x: T) => [nearness(x.region_code, home), LEVEL_ORDER[x.level ?? ''] ?? 3] as const
  return [...items].sort((a, b) => {
    const [na, la] = key(a)
    const [nb, lb] = key(b)
    return na - nb || la - lb || compareCodes(a.code, b.code)
  })
}

/** Inside `region`: the region itself, or (for a city) its counties and towns too. */
export function inRegion(placeRegion: string, region: string): boolean {
  if (placeRegion === region) return true
  return region === cityOf(region) && cityOf(placeRegion) === region
}

/** What the guide needs to know about a matter. */
export interface MatterReach {
  modes: string[]
  scopes: string[]
  audience: string[]
  department?: { region_code: string } | null
}

/** 跨省通办 in any of its forms: the national list, a point-to-point partner list, 长三角一网通办. */
export const isCrossProvince = (m: Pick<MatterReach, 'scopes'>): boolean => m.scopes.some((s) => s === 'kstb' || s === 'partner' || s === 'yrd')
export const isCitywide = (m: Pick<MatterReach, 'scopes'>): boolean => m.scopes.includes('citywide')
export const offersOnline = (m: Pick<MatterReach, 'modes'>): boolean => m.modes.includes('online')
/** Handed in at a window: 异地代收代办 or 多地联办. */
export const offersWindow = (m: Pick<MatterReach, 'modes'>): boolean => m.modes.some((x) => x === 'proxy_window' || x === 'joint')

export interface CentreWindows {
  centre: Centre
  /** The windows of this centre that take the matter. */
  windows: Window[]
}

/** The centres whose windows can receive the matter, each with those windows, nearest to `home` first.
 * A 跨省通办 matter: centres with a 跨省通办 window (kind kstb). A 全市通办 matter: every centre in the
 * city (its 全市通办 window, or the general one where a town centre has none). Otherwise: the
 * centres of the owning department's region. Nothing for a matter that is only handled online. */
export function centresFor(m: MatterReach, centres: readonly Centre[], home: string): CentreWindows[] {
  if (!offersWindow(m)) return []
  const cross = isCrossProvince(m)
  const citywide = isCitywide(m)
  const deptRegion = m.department?.region_code ?? ''
  const enterpriseOnly = m.audience.length > 0 && m.audience.every((a) => a === 'enterprise')
  const found: CentreWindows[] = []
  for (const c of centres) {
    const picked = new Set<Window>()
    if (cross) c.windows.filter((w) => w.kind === 'kstb').forEach((w) => picked.add(w))
    if (citywide && deptRegion && cityOf(c.region_code) === cityOf(deptRegion)) {
      const cw = c.windows.filter((w) => w.kind === 'citywide')
      ;(cw.length ? cw : c.windows.filter((w) => w.kind === 'general')).forEach((w) => picked.add(w))
    }
    if (!cross && !citywide && deptRegion && c.region_code === deptRegion) {
      const kinds = enterpriseOnly ? ['enterprise', 'general'] : ['general', 'enterprise']
      const first = c.windows.filter((w) => w.kind === kinds[0])
      const chosen = first.length ? first : c.windows.filter((w) => w.kind === kinds[1])
      ;(chosen.length ? chosen : c.windows).forEach((w) => picked.add(w))
    }
    if (picked.size) found.push({ centre: c, windows: c.windows.filter((w) => picked.has(w)) })
  }
  const order = new Map(byNearness(found.map((f) => f.centre), home).map((c, i) => [c.code, i]))
  return found.sort((a, b) => order.get(a.centre.code)! - order.get(b.centre.code)!)
}

/** Agency points (代收代办点) take 跨省通办 applications handed in at a window; nearest first. */
export function agencyPointsFor(m: MatterReach, points: readonly AgencyPoint[], home: string): AgencyPoint[] {
  if (!offersWindow(m) || !isCrossProvince(m)) return []
  return byNearness(points, home)
}

/** tel: link target: digits (and a leading +) of a phone number such as "0558-2210001（演示）". */
export const telHref = (phone: string): string => `tel:${phone.replace(/（.*?）|\(.*?\)/g, '').replace(/[^\d+]/g, '')}`

/** How the directory data (in Simplified Chinese) names a window of each kind when it names it
 * after its kind: such a window needs no kind in words beside its name. Not shown to anyone. */
const KIND_DATA_NAMES: Record<string, string> = {
  kstb: '跨省通办专窗',
  citywide: '全市通办窗口',
  general: '综合窗口',
  enterprise: '企业服务窗口',
  help: '帮办代办窗口',
}
export const namedAfterKind = (w: { kind: string; name: string }): boolean => KIND_DATA_NAMES[w.kind] === w.name

export function windowKindLabel(kind: string): string {
  switch (kind) {
    case 'kstb': return t('Cross-province services window')
    case 'citywide': return t('Citywide services window')
    case 'general': return t('General window')
    case 'enterprise': return t('Enterprise services window')
    case 'help': return t('Help and proxy window')
    default: return kind
  }
}

export function centreLevelLabel(level: string): string {
  switch (level) {
    case 'city': return t('City service centre')
    case 'county': return t('County service centre')
    case 'town': return t('Town service centre')
    default: return level
  }
}

export function agencyKindLabel(kind: string): string {
  switch (kind) {
    case 'village': return t('Village or community point')
    case 'park': return t('Industrial park point')
    default: return kind
  }
}
