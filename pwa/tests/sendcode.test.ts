import { afterEach, describe, expect, it } from 'vitest'
import { waitLabel } from '../src/components/SendCode'
import { setLang } from '../src/i18n'

afterEach(() => setLang('zh_Hans'))

describe('waiting to send a code again', () => {
  it('says seconds under a minute and whole minutes above, never thousands of seconds', () => {
    setLang('zh_Hans')
    expect(waitLabel(40)).toBe('40 秒后可重新发送')
    expect(waitLabel(2704)).toBe('46 分钟后可重新发送')
    expect(waitLabel(60)).toBe('1 分钟后可重新发送')
    setLang('en')
    expect(waitLabel(61)).toBe('Send again in 2 min')
  })
})
