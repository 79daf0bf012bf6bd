// Layout and modes (issue 10): read-aloud's voice choice, and the 长辈版 guide's steps.
import { describe, expect, it, vi } from 'vitest'
import { loadVoices, voiceFor } from '../src/components/ReadAloud'
import { stepsOf, type Section } from '../src/pages/GuideSteps'
import { setLang } from '../src/i18n'

const v = (lang: string) => ({ lang, name: lang })

describe('read-aloud voices', () => {
  it('takes the exact voice, else one of the language family, else none', () => {
    expect(voiceFor([v('en-US'), v('zh-TW'), v('zh-CN')], 'zh-CN')?.lang).toBe('zh-CN')
    expect(voiceFor([v('en-US'), v('zh_CN')], 'zh-CN')?.lang).toBe('zh_CN')
    expect(voiceFor([v('en-US'), v('cmn-Hans-CN')], 'zh-CN')?.lang).toBe('cmn-Hans-CN')
    expect(voiceFor([v('en-US'), v('zh-HK')], 'zh-TW')?.lang).toBe('zh-HK')
    // No Chinese voice: nothing to read Chinese with (the page then says so).
    expect(voiceFor([v('en-US'), v('en-GB')], 'zh-CN')).toBeUndefined()
    expect(voiceFor([], 'en-US')).toBeUndefined()
  })

  it('waits for voiceschanged, and gives up after a short wait when none come', async () => {
    vi.useFakeTimers()
    let voices: ReturnType<typeof v>[] = []
    const listeners = new Set<() => void>()
    const synth = {
      getVoices: () => voices,
      addEventListener: (_: string, fn: () => void) => listeners.add(fn),
      removeEventListener: (_: string, fn: () => void) => listeners.delete(fn),
    } as unknown as SpeechSynthesis
    const later = loadVoices(synth, 1500)
    voices = [v('zh-CN')]
    listeners.forEach((fn) => fn())
    expect((await later).map((x) => x.lang)).toEqual(['zh-CN'])
    expect(listeners.size).toBe(0)

    voices = []
    const never = loadVoices(synth, 1500)
    vi.advanceTimersByTime(1500)
    expect(await never).toEqual([])
    vi.useRealTimers()
  })
})

describe('长辈版 guide steps', () => {
  setLang('zh_Hans')
  const items = ['甲', '乙', '丙', '丁', '戊']
  const sections: Section[] = [
    { id: 'overview', title: '概览', body: '…' },
    { id: 'materials', title: '申请材料', body: '…', split: { count: items.length, perScreen: [2, 1, 1], part: (a, b) => <p>{items.slice(a, b).join('')}</p> } },
    { id: 'apply', title: '办事去哪', body: '…' },
  ]

  it('splits a long part into a few items per screen, more screens at larger text', () => {
    const steps = stepsOf(sections, 1)
    expect(steps.map((s) => s.title)).toEqual(['概览', '申请材料（1/3）', '申请材料（2/3）', '申请材料（3/3）', '办事去哪'])
    expect(steps.map((s) => s.id)).toEqual(['overview', 'materials', 'materials-2', 'materials-3', 'apply'])
    expect(stepsOf(sections, 2)).toHaveLength(7)
  })

  it('keeps a short part whole', () => {
    const short: Section[] = [{ ...sections[1]!, split: { ...sections[1]!.split!, count: 2 } }]
    expect(stepsOf(short, 1).map((s) => s.title)).toEqual(['申请材料'])
  })
})
