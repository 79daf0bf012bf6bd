import { describe, expect, it } from 'vitest'
import { chunks } from '../src/components/ReadAloud'

describe('read-aloud chunks', () => {
  it('splits at sentence ends and keeps every chunk short', () => {
    const text = '第一句。第二句！' + '长'.repeat(400)
    const out = chunks(text, 100)
    expect(out[0]).toBe('第一句。第二句！')
    expect(out.every((c) => c.length <= 100)).toBe(true)
    expect(out.join('')).toBe(text)
  })
})
