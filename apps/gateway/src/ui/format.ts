import type { Lang } from '@kiebot/i18n'
import { formatRub } from '@kiebot/pricing'

export { formatRub }

// Dates are shown in Moscow time: the bot's audience and its operators are there. The month
// is a word and the zone is named, so neither language can read the day as the month:
// "1 дек, 09:37 МСК" / "Dec 1, 09:37 MSK" (the year only when it is not this one).
const TIME_ZONE = 'Europe/Moscow'
const ZONE = { ru: 'МСК', en: 'MSK' } as const
const RU_MONTHS = ['янв', 'фев', 'мар', 'апр', 'мая', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек']
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

const PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

function moscowParts(date: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute', number> {
  const parts = Object.fromEntries(PARTS.formatToParts(date).map((p) => [p.type, p.value]))
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  }
}

export function formatDate(date: Date, lang: Lang, now: Date = new Date()): string {
  const { year, month, day, hour, minute } = moscowParts(date)
  const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
  const otherYear = year !== moscowParts(now).year
  if (lang === 'ru') return `${day} ${RU_MONTHS[month - 1]}${otherYear ? ` ${year}` : ''}, ${time} ${ZONE.ru}`
  return `${EN_MONTHS[month - 1]} ${day}${otherYear ? `, ${year}` : ''}, ${time} ${ZONE.en}`
}

/** Signed amount: +12,50 ₽ / −3 ₽ */
export function formatSignedRub(kopecks: number, lang: Lang): string {
  return (kopecks < 0 ? '−' : '+') + formatRub(Math.abs(kopecks), lang)
}

export function formatPriceRange(
  range: { minKopecks: number; maxKopecks: number },
  lang: Lang,
  t: (key: 'price.range', p: Record<string, string>) => string,
): string {
  return range.minKopecks === range.maxKopecks
    ? formatRub(range.minKopecks, lang)
    : t('price.range', { min: formatRub(range.minKopecks, lang), max: formatRub(range.maxKopecks, lang) })
}

/** A starting price: "12 ₽", or "from 12 ₽" when the price varies (by options, or between models). */
export function formatStartingPrice(
  minKopecks: number,
  varies: boolean,
  lang: Lang,
  t: (key: 'price.from', p: Record<string, string>) => string,
): string {
  const rub = formatRub(minKopecks, lang)
  return varies ? t('price.from', { price: rub }) : rub
}

const PLURALS = { ru: new Intl.PluralRules('ru-RU'), en: new Intl.PluralRules('en-US') }

/** Which plural form a count takes ("21 файл", "2 файла", "5 файлов"): one, few, or other. */
export function pluralForm(lang: Lang, count: number): 'one' | 'few' | 'other' {
  const form = PLURALS[lang].select(count)
  return form === 'one' || form === 'few' ? form : 'other'
}
