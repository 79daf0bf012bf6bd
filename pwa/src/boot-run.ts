// The boot script's entry (scripts/paint-plugin.mjs bundles it into index.html's blocking script).
import { bootPage } from './boot'
import { safeLocalStorage } from './settings'

bootPage(document, location, safeLocalStorage())
