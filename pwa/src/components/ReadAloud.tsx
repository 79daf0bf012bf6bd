import { useEffect, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { getLang, SPEECH_LANG, t } from '../i18n'

/** Split text into utterances short enough for every speech engine (some stop after ~15 s). */
export function chunks(text: string, max = 160): string[] {
  const parts = text.replace(/[ \t]+/g, ' ').split(/(?<=[。！？；.!?;\n])/)
  const out: string[] = []
  let cur = ''
  for (const p of parts) {
    if (cur && (cur + p).length > max) {
      out.push(cur.trim())
      cur = ''
    }
    cur += p
    while (cur.length > max) {
      out.push(cur.slice(0, max))
      cur = cur.slice(max)
    }
  }
  if (cur.trim()) out.push(cur.trim())
  return out.filter(Boolean)
}

const synth = (): SpeechSynthesis | undefined => (typeof window !== 'undefined' ? window.speechSynthesis : undefined)

export function stopReading(): void {
  synth()?.cancel()
}

/** Reads the page's main content aloud with the browser's speech synthesis. */
export function ReadAloud() {
  const [speaking, setSpeaking] = useState(false)
  const [note, setNote] = useState('')
  const { path } = useLocation()

  useEffect(() => {
    stopReading()
    setSpeaking(false)
    setNote('')
  }, [path])
  useEffect(() => () => stopReading(), [])

  const toggle = () => {
    const s = synth()
    if (!s || typeof SpeechSynthesisUtterance === 'undefined') {
      setNote(t('Read-aloud is not available in this browser.'))
      return
    }
    if (speaking) {
      s.cancel()
      setSpeaking(false)
      return
    }
    const main = document.getElementById('main')
    const text = main ? main.innerText || main.textContent || '' : ''
    const lang = SPEECH_LANG[getLang()]
    const voice = s.getVoices().find((v) => v.lang.replace('_', '-').toLowerCase().startsWith(lang.toLowerCase()))
    const list = chunks(text)
    if (!list.length) return
    s.cancel()
    list.forEach((c, i) => {
      const u = new SpeechSynthesisUtterance(c)
      u.lang = lang
      u.rate = 0.9
      if (voice) u.voice = voice
      if (i === list.length - 1) u.onend = u.onerror = () => setSpeaking(false)
      s.speak(u)
    })
    setNote('')
    setSpeaking(true)
  }

  return (
    <>
      <button type="button" class="btn tool read-aloud" data-testid="read-aloud" onClick={toggle}>
        <span aria-hidden="true">{speaking ? '■' : '▶'}</span> {speaking ? t('Stop reading') : t('Read aloud')}
      </button>
      {note && (
        <p class="tool-note" role="status">
          {note}
        </p>
      )}
    </>
  )
}
