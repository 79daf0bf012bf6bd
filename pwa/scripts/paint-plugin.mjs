// First paint and stability (issue 10): what the build adds around the app.
//
// 1. Catalogues in parts. `virtual:tb-i18n/<lang>/<part>`: "core" holds the messages of every
//    module the first page needs (src/main.tsx and its static imports: the shell, home, search,
//    guide), "rest" those of the pages loaded on demand. Which messages are core is read from the
//    sources (the same t("…") pattern the extractor uses), so the split is known before bundling
//    and every chunk's hash covers its content. src/i18n.ts imports zh_Hans core statically and
//    every other part on demand, for the language in use only.
// 2. Paint before JavaScript. index.html gets the shell and the home page rendered at build time
//    (preact-render-to-string over src/prerender.tsx, zh_Hans, default settings) and a small
//    blocking classic script, src/boot.ts (entry src/boot-run.ts) bundled into a hashed asset,
//    that applies the person's settings to <html> before the first paint (the CSP allows no inline
//    script) and preloads what the app asks for first.
// 3. Compressed files. After the service worker is written, every text file of the build gets a
//    .gz (zlib level 9) and a .br (brotli quality 11) beside it when that is smaller; Flask
//    (core/static.py) and nginx (gzip_static) send them to clients that accept them.
import { readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants as zc, gzipSync } from 'node:zlib'
import { CALL, unescapeMsgid } from './i18n-common.mjs'

const PWA = dirname(dirname(fileURLToPath(import.meta.url)))
const SRC = join(PWA, 'src')
export const LANGS = ['zh_Hans', 'zh_Hant', 'en']
const VIRTUAL = /^virtual:tb-i18n\/(zh_Hans|zh_Hant|en)\/(core|rest)$/
const PREFIX = '\0tb-i18n:'

// ---- 1. catalogues in parts -------------------------------------------------------------------

// Static imports and re-exports (not `import type`, not `import()`), over several lines too.
const IMPORT = /(?:^|[;\n}])\s*(?:import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"\n]+)['"]/g

function resolveLocal(from, spec) {
  if (!spec.startsWith('.')) return null
  const base = resolve(dirname(from), spec)
  for (const f of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (/\.tsx?$/.test(f) && existsSync(f) && statSync(f).isFile()) return f
  }
  return null
}

/** Source files the entry pulls in without a dynamic import(). */
export function staticGraph(entry) {
  const seen = new Set()
  const todo = [entry]
  while (todo.length) {
    const file = todo.pop()
    if (seen.has(file)) continue
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(IMPORT)) {
      if (m[1]) continue
      const dep = resolveLocal(file, m[2])
      if (dep && !seen.has(dep)) todo.push(dep)
    }
  }
  return seen
}

/** msgids of t("…") calls in these files (comment-only lines skipped, as the extractor does). */
export function msgidsIn(files) {
  const ids = new Set()
  for (const file of files) {
    const code = readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => (/^\s*(\/\/|\*|\/\*)/.test(l) ? '' : l))
      .join('\n')
    for (const m of code.matchAll(CALL)) ids.add(unescapeMsgid(m[2], m[1]))
  }
  return ids
}

const readCatalogue = (lang) => {
  const path = join(SRC, 'locales', `${lang}.json`)
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {}
}

/** {lang: {core, rest}}: split=false puts everything in core (unit tests, which need no split). */
export function catalogueParts(split = true) {
  const core = split ? msgidsIn(staticGraph(join(SRC, 'main.tsx'))) : null
  const out = {}
  for (const lang of LANGS) {
    const all = readCatalogue(lang)
    const parts = { core: {}, rest: {} }
    for (const [id, str] of Object.entries(all)) parts[!core || core.has(id) ? 'core' : 'rest'][id] = str
    out[lang] = parts
  }
  return out
}

export function i18nParts({ split = true } = {}) {
  let parts = null
  return {
    name: 'tb-i18n-parts',
    buildStart() {
      parts = null
      for (const lang of LANGS) this.addWatchFile?.(join(SRC, 'locales', `${lang}.json`))
    },
    resolveId(id) {
      const m = VIRTUAL.exec(id)
      // A chunk's name comes from the id's last segment: assets/zh_Hant-rest-<hash>.js
      return m ? `${PREFIX}${m[1]}-${m[2]}` : null
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null
      const [lang, part] = id.slice(PREFIX.length).split('-')
      parts ??= catalogueParts(split)
      // JSON.parse of a string literal: parsed faster than the same object as JS (V8's advice).
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(parts[lang][part]))})\n`
    },
    handleHotUpdate() {
      parts = null
    },
  }
}

// ---- 2. paint before JavaScript ---------------------------------------------------------------

const BOOT = join(SRC, 'boot-run.ts')

/** src/boot-run.ts (src/boot.ts) as one small classic script (an IIFE), without the catalogues it does not need. */
async function bundleBoot() {
  const { build } = await import('esbuild')
  const out = await build({
    entryPoints: [BOOT],
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    target: 'es2020',
    legalComments: 'none',
    plugins: [
      {
        name: 'tb-no-catalogues',
        setup(b) {
          b.onResolve({ filter: /^virtual:tb-i18n\// }, (a) => ({ path: a.path, namespace: 'tb-empty' }))
          b.onLoad({ filter: /.*/, namespace: 'tb-empty' }, () => ({ contents: 'export default {}', loader: 'js' }))
        },
      },
    ],
  })
  return out.outputFiles[0].text
}
const PWA_REGISTER_STUB = '\0tb-pwa-register-stub'
const CSS_STUB = '\0tb-css-stub'

/** Render the shell and the home page as the client's first render will (src/prerender.tsx). */
async function prerenderHome() {
  const { runnerImport } = await import('vite')
  const { module } = await runnerImport(join(SRC, 'prerender.tsx'), {
    root: PWA,
    logLevel: 'error',
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    plugins: [
      i18nParts(),
      {
        // Styles are the browser's business, and the service worker is registered by the client.
        name: 'tb-prerender-stubs',
        enforce: 'pre',
        resolveId: (id) =>
          id === 'virtual:pwa-register/preact' ? PWA_REGISTER_STUB : /\.css(\?|$)/.test(id) ? CSS_STUB : null,
        load: (id) =>
          id === PWA_REGISTER_STUB
            ? 'export const useRegisterSW = () => ({ needRefresh: [false, () => {}], offlineReady: [false, () => {}], updateServiceWorker: async () => {} })\n'
            : id === CSS_STUB
              ? 'export default ""\n'
              : null,
      },
    ],
  })
  return module.renderHome()
}

export function paintBeforeJs() {
  let command = 'build'
  return {
    name: 'tb-paint-before-js',
    enforce: 'post', // after vite:build-html has written index.html into the bundle
    configResolved(config) {
      command = config.command
    },
    // Development: the boot script straight from src/ (the page is not prerendered there).
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (command !== 'serve') return html
        // A module script, not blocking: development has no prerendered page to keep steady.
        return html.replace('<!--tb:boot-->', '<script type="module" src="/src/boot-run.ts"></script>')
      },
    },
    generateBundle: { order: 'post', handler: async function (_options, bundle) {
      const page = bundle['index.html']
      if (!page || page.type !== 'asset') this.error('tb-paint-before-js: no index.html in the bundle')
      const ref = this.emitFile({ type: 'asset', name: 'boot.js', source: await bundleBoot() })
      const boot = this.getFileName(ref)
      let html = String(page.source)
      if (!html.includes('<!--tb:boot-->') || !html.includes('<div id="app"></div>')) {
        this.error('tb-paint-before-js: index.html lacks <!--tb:boot--> or <div id="app"></div>')
      }
      html = html.replace('<!--tb:boot-->', `<script src="/${boot}"></script>`)
      html = html.replace('<div id="app"></div>', `<div id="app" data-prerendered="home">${await prerenderHome()}</div>`)
      page.source = html
    } },
  }
}

// ---- 3. compressed files -----------------------------------------------------------------------

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|wasm|txt|xml|map)$/

function* files(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) yield* files(p)
    else yield p
  }
}

export function compressEverything(dir) {
  let n = 0
  for (const file of files(dir)) {
    if (!COMPRESSIBLE.test(file)) continue
    const raw = readFileSync(file)
    const gz = gzipSync(raw, { level: 9 })
    const br = brotliCompressSync(raw, {
      params: {
        [zc.BROTLI_PARAM_QUALITY]: 11,
        [zc.BROTLI_PARAM_SIZE_HINT]: raw.length,
        [zc.BROTLI_PARAM_MODE]: file.endsWith('.wasm') ? zc.BROTLI_MODE_GENERIC : zc.BROTLI_MODE_TEXT,
      },
    })
    // Only where it pays: a compressed copy as large as the file is never sent.
    if (gz.length < raw.length) writeFileSync(`${file}.gz`, gz)
    if (br.length < raw.length) writeFileSync(`${file}.br`, br)
    n++
  }
  return n
}

export function precompress() {
  let outDir = 'dist'
  let root = PWA
  return {
    name: 'tb-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir
      root = config.root
    },
    // After vite-plugin-pwa's closeBundle (also sequential, earlier in the list) wrote sw.js.
    closeBundle: {
      sequential: true,
      order: 'post',
      handler(error) {
        if (error) return
        const dir = resolve(root, outDir)
        const n = compressEverything(dir)
        console.log(`precompressed ${n} files in ${dir} (.gz, .br)`)
      },
    },
  }
}
