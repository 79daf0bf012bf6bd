// A short, readable name for a browser from its User-Agent (sessions list, default passkey names).
import { t } from '../i18n'

const BROWSERS: [RegExp, string][] = [
  [/MicroMessenger/i, 'WeChat'],
  [/\bEdg(A|iOS)?\//, 'Edge'],
  [/HeadlessChrome\//, 'Chromium (headless)'],
  [/(Chrome|CriOS)\//, 'Chrome'],
  [/(Firefox|FxiOS)\//, 'Firefox'],
  [/Version\/[\d.]+.*Safari\//, 'Safari'],
]
const SYSTEMS: [RegExp, string][] = [
  [/HarmonyOS/i, 'HarmonyOS'],
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
]

export function describeDevice(ua: string | null | undefined): string {
  const s = ua ?? ''
  const browser = BROWSERS.find(([re]) => re.test(s))?.[1]
  const system = SYSTEMS.find(([re]) => re.test(s))?.[1]
  if (browser && system) return `${browser} · ${system}`
  if (browser || system) return (browser ?? system)!
  return s.trim() ? s.trim().slice(0, 40) : t('Unknown browser')
}
