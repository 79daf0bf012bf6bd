// Shared paths and helpers for the gettext scripts (catalogues live in ../i18n, shared with the backend).
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

export const PWA = dirname(dirname(fileURLToPath(import.meta.url)))
export const SRC = join(PWA, 'src')
export const I18N = join(PWA, '..', 'i18n')
export const DOMAIN = 'pwa'
export const POT = join(I18N, `${DOMAIN}.pot`)
export const LANGS = {
  zh_Hans: 'nplurals=1; plural=0;',
  zh_Hant: 'nplurals=1; plural=0;',
  en: 'nplurals=2; plural=(n != 1);',
}
export const poPath = (lang) => join(I18N, lang, 'LC_MESSAGES', `${DOMAIN}.po`)

export function headers(lang) {
  const h = {
    'Project-Id-Version': 'tongban-pwa',
    'Report-Msgid-Bugs-To': '',
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=UTF-8',
    'Content-Transfer-Encoding': '8bit',
  }
  if (lang) {
    h.Language = lang
    h['Plural-Forms'] = LANGS[lang]
  }
  return h
}

// A t("msgid") call: what the extractor collects, and what scripts/paint-plugin.mjs reads to split
// the catalogues by the modules that use them.
export const CALL = /(?<![\w$.])t\(\s*(["'])((?:\\.|(?!\1)[^\\\n])*)\1/g
export const unescapeMsgid = (s, q) =>
  q === '"' ? JSON.parse(`"${s}"`) : JSON.parse(`"${s.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`)
