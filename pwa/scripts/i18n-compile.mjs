// Compile ../i18n/<lang>/LC_MESSAGES/pwa.po into src/locales/<lang>.json ({msgid: msgstr}).
// Empty and fuzzy entries are left out, so t() falls back (see src/i18n.ts).
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import gettextParser from 'gettext-parser'
import { SRC, LANGS, poPath } from './i18n-common.mjs'

const out = join(SRC, 'locales')
mkdirSync(out, { recursive: true })
for (const lang of Object.keys(LANGS)) {
  const path = poPath(lang)
  const dict = {}
  if (existsSync(path)) {
    const po = gettextParser.po.parse(readFileSync(path))
    for (const [ctx, entries] of Object.entries(po.translations)) {
      if (ctx) continue
      for (const [id, e] of Object.entries(entries)) {
        const str = e.msgstr?.[0]
        if (!id || !str || /\bfuzzy\b/.test(e.comments?.flag ?? '')) continue
        // English msgids are English already: only keep the entries that differ (smaller bundle).
        if (lang === 'en' && str === id) continue
        dict[id] = str
      }
    }
  } else console.warn(`warning: ${path} missing`)
  writeFileSync(join(out, `${lang}.json`), JSON.stringify(dict, null, 0) + '\n')
  console.log(`i18n: ${lang} ${Object.keys(dict).length} messages`)
}
