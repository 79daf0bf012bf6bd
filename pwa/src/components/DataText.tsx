// Data (names from the catalogue and directory, written in Simplified Chinese) inside a translated
// sentence, marked with its language (WCAG 3.1.2 Language of Parts): an English page then says
// “Nearest to <span lang="zh-Hans">阜阳市</span> first.” and a screen reader switches voice for it.
import type { ComponentChildren } from 'preact'
import { dataLang } from '../i18n'

/** Stands for the data in t()'s result: t('Nearest to {region} first.', { region: DATA }). */
export const DATA = '\u2063'

/** The translated sentence `text` with its DATA mark replaced by `value`, marked as data (or as `lang`,
 * for words whose language is known otherwise, such as what a person typed). */
export function WithData({ text, value, lang = dataLang(), testid }: { text: string; value: ComponentChildren; lang?: string; testid?: string }) {
  const at = text.indexOf(DATA)
  if (at < 0) return <>{text}</>
  return (
    <>
      {text.slice(0, at)}
      <span lang={lang} data-testid={testid}>
        {value}
      </span>
      {text.slice(at + DATA.length)}
    </>
  )
}
