import { createContext } from 'preact'
import { useContext, useEffect } from 'preact/hooks'
import type { SettingsStore, UiState } from './settings'
import { t } from './i18n'

export interface Ui {
  state: UiState
  store: SettingsStore
}
export const UiContext = createContext<Ui | null>(null)

export function useUi(): Ui {
  const ui = useContext(UiContext)
  if (!ui) throw new Error('useUi outside <UiContext.Provider>')
  return ui
}

/** Document title: "<page> - 通办". */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} - ${t('Tongban')}` : t('Tongban')
  }, [title])
}
