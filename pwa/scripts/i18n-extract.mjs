// Scan src/ for t("msgid") calls, write ../i18n/pwa.pot and merge it into every pwa.po,
// keeping existing translations. New English entries get msgstr = msgid; new Chinese ones stay
// empty (the catalogue test then fails until someone translates them).
import { readFileSync, writeFileSync, readdirSync, existsSync, mkdirSync } from 'node:fs'
import { join, relative, dirname } from 'node:path'
import gettextParser from 'gettext-parser'
import { PWA, SRC, POT, LANGS, poPath, headers, CALL, unescapeMsgid as unescape } from './i18n-common.mjs'

const TEMPLATE_CALL = /(?<![\w$.])t\(\s*`/

function* walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) {
      if (e.name !== 'locales') yield* walk(p)
    } else if (/\.tsx?$/.test(e.name) && !/\.d\.ts$/.test(e.name)) yield p
  }
}

export function extract() {
  const found = new Map() // msgid -> Set(file)
  for (const file of walk(SRC)) {
    const text = readFileSync(file, 'utf8')
    const rel = relative(PWA, file)
    if (TEMPLATE_CALL.test(text)) console.warn(`warning: ${rel}: t() with a template literal is not extracted`)
    // Lines that are comments only are skipped, so docs may mention t("...") freely.
    const code = text.split('\n').map((l) => (/^\s*(\/\/|\*|\/\*)/.test(l) ? '' : l)).join('\n')
    for (const m of code.matchAll(CALL)) {
      const id = unescape(m[2], m[1])
      if (!found.has(id)) found.set(id, new Set())
      found.get(id).add(rel)
    }
  }
  return new Map([...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

function catalogue(lang, entries) {
  const translations = { '': { '': { msgid: '', msgstr: [''] } } }
  for (const e of entries) translations[''][e.msgid] = e
  return { charset: 'utf-8', headers: headers(lang), translations }
}

const write = (path, data) => {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, gettextParser.po.compile(data, { foldLength: 0 }))
}

const found = extract()
const ref = (files) => ({ reference: [...files].sort().join('\n') })
write(POT, catalogue(null, [...found].map(([msgid, files]) => ({ msgid, msgstr: [''], comments: ref(files) }))))

for (const lang of Object.keys(LANGS)) {
  const path = poPath(lang)
  const old = existsSync(path) ? gettextParser.po.parse(readFileSync(path))?.translations?.[''] ?? {} : {}
  let missing = 0
  const entries = [...found].map(([msgid, files]) => {
    const prev = old[msgid]
    let msgstr = prev?.msgstr?.[0] ?? ''
    if (!msgstr && lang === 'en') msgstr = msgid
    if (!msgstr) missing++
    const comments = ref(files)
    if (prev?.comments?.flag) comments.flag = prev.comments.flag
    return { msgid, msgstr: [msgstr], comments }
  })
  write(path, catalogue(lang, entries))
  const dropped = Object.keys(old).filter((k) => k && !found.has(k)).length
  console.log(`${lang}: ${entries.length} entries, ${missing} untranslated, ${dropped} obsolete dropped`)
}
console.log(`pot: ${found.size} msgids -> ${relative(PWA, POT)}`)
