import { en, LANGS, PARTS, placeholders, ru, t, type MessageKey } from '@kiebot/i18n'

describe('i18n', () => {
  const keys = Object.keys(en) as MessageKey[]

  it('has every text in both languages, non-empty, with the same placeholders', () => {
    expect(Object.keys(ru).sort()).toEqual([...keys].sort())
    for (const key of keys) {
      expect(en[key].trim()).not.toBe('')
      expect(ru[key].trim()).not.toBe('')
      expect({ key, placeholders: placeholders(ru[key]) }).toEqual({ key, placeholders: placeholders(en[key]) })
    }
  })

  it('no key is defined by two parts', () => {
    const all = Object.values(PARTS).flat()
    expect(all.length).toBe(new Set(all).size)
    expect(all.length).toBe(keys.length)
  })

  it('Russian texts are Russian wherever the English one has words', () => {
    const words = (text: string) =>
      text
        .replace(/\{\w+\}/g, '')
        .replace(/<[^>]+>/g, '')
        .replace(/\/[a-z_]+/g, '')
    for (const key of keys) {
      if (!/[a-z]{2}/i.test(words(en[key]))) continue
      expect({ key, cyrillic: /[а-яё]/i.test(words(ru[key])) }).toEqual({ key, cyrillic: true })
    }
  })

  it('fills placeholders and refuses a missing one', () => {
    expect(t('en', 'error.insufficient_funds', { price: '12 ₽', balance: '3 ₽' })).toBe(
      'Your balance is too low: the price is 12 ₽, and you have 3 ₽.',
    )
    expect(t('ru', 'generation.cancelled', { price: '5 ₽' })).toBe(
      'Генерация отменена. Деньги (5 ₽) возвращены на баланс.',
    )
    expect(() => t('ru', 'generation.cancelled')).toThrow('needs {price}')
    expect(LANGS).toEqual(['ru', 'en'])
  })
})
