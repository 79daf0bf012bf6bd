// Build time only (scripts/paint-plugin.mjs runs this in Node): the shell and the home page as the
// client's first render draws them — Simplified Chinese, default settings, nobody known to be
// signed in yet, the frequently used services still loading — so main.tsx's render() over it
// changes nothing on `/` and the page shows before any JavaScript has run.
import { renderToString } from 'preact-render-to-string'
import { App } from './app'
import { setLang } from './i18n'
import { SettingsStore } from './settings'

export function renderHome(): string {
  const g = globalThis as Record<string, unknown>
  const saved = g.location
  // preact-iso's LocationProvider reads the address from `location`.
  g.location = { pathname: '/', search: '', origin: 'http://localhost', href: 'http://localhost/' }
  try {
    setLang('zh_Hans')
    return renderToString(<App store={new SettingsStore(null, '')} />)
  } finally {
    g.location = saved
  }
}
