import type { Lang } from '@kiebot/i18n'
import { formatRub } from '@kiebot/pricing'

export { formatRub }

// Dates are shown in Moscow time: the bot's audience and its operators are there.
const TIME_ZONE = 'Europe/Moscow'

export function formatDate(date: Date, lang: Lang): string {
  return date.toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
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
