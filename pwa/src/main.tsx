import { render } from 'preact'
import './styles.css'
import './paint.css'
import { BCP47, DEFAULT_LANG, langReady, loadLang, setLang } from './i18n'
import { SettingsStore, applyToDocument, safeLocalStorage } from './settings'
import { App } from './app'
import { setNoStore } from './api/client'

const store = new SettingsStore(safeLocalStorage(), location.search)
const root = document.documentElement
const mount = document.getElementById('app')!

/** What was typed into the prerendered page before the app started (its inputs are still plain
 * HTML: the app's first render sets them to the app's own state). */
function typedSoFar(): Array<[string, string]> {
  return [...mount.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[id], textarea[id]')]
    .filter((el) => el.value !== el.defaultValue)
    .map((el) => [el.id, el.value])
}

function draw(): void {
  const { lang, kiosk } = store.get()
  // If the language's messages could not be fetched, the page shows in Simplified Chinese and the
  // app tries again (app.tsx) rather than showing untranslated text.
  setLang(langReady(lang) ? lang : DEFAULT_LANG)
  setNoStore(kiosk)
  // src/boot.ts set these before the first paint already; this keeps them right without it.
  applyToDocument(store.get(), root, BCP47[lang])
  const typed = typedSoFar()
  const focused = document.activeElement?.id
  // The prerendered content is the home page's: on another route the route's area starts empty, so
  // a page of its own chunk, still loading, is not matched against (and later removed with) it.
  if (mount.dataset.prerendered === 'home' && location.pathname !== '/') mount.querySelector('.tb-route')?.replaceChildren()
  // index.html holds the shell and the home page rendered at build time. Preact's render() over it
  // reuses the elements that match (the same components made them, so on `/` in Simplified Chinese
  // all of them) and corrects the rest: nothing is thrown away and drawn again, so nothing moves.
  render(<App store={store} />, mount)
  // Put back what was typed, now and once the components' first effects have run (a form may set
  // its field from its own state then).
  const restore = () => {
    for (const [id, value] of typed) {
      const el = document.getElementById(id) as HTMLInputElement | null
      if (el && !el.value) {
        el.value = value
        el.dispatchEvent(new Event('input', { bubbles: true })) // into the component's state
      }
    }
  }
  restore()
  if (typed.length) requestAnimationFrame(() => setTimeout(restore))
  if (focused && document.activeElement === document.body) document.getElementById(focused)?.focus()
  mount.removeAttribute('data-prerendered')
  root.removeAttribute('data-prerender') // boot.ts's mark: nothing of the page is held back now
}

// The first render waits for the language's messages; Simplified Chinese is in this chunk, so the
// default draws at once.
const { lang } = store.get()
if (langReady(lang)) draw()
else loadLang(lang).then(draw, draw)
