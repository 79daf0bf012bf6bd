import { render } from 'preact'
import './styles.css'
import { BCP47, setLang } from './i18n'
import { SettingsStore, applyToDocument, safeLocalStorage } from './settings'
import { App } from './app'
import { setNoStore } from './api/client'

const store = new SettingsStore(safeLocalStorage(), location.search)
// Apply before the first paint, so large text or 长辈版 never flashes in at normal size.
setLang(store.get().lang)
setNoStore(store.get().kiosk)
applyToDocument(store.get(), document.documentElement, BCP47[store.get().lang])

render(<App store={store} />, document.getElementById('app')!)
