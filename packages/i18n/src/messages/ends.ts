// Loose ends of the conversation (issue 13): the commands added to Telegram's menu, the
// favourite star's toasts, Suno's own lyrics told apart by variant. Toasts are plain text
// (no HTML), at most 200 characters.
export const en = {
  'cmd.favorites': 'Your favourite results',
  'cmd.settings': 'Run cheap generations without asking',
  'results.favorite_already': '⭐ Already in /favorites',
  'results.lyrics_variant': 'Variant {n} of {count}:',
}

export const ru: Record<keyof typeof en, string> = {
  'cmd.favorites': 'Избранные результаты',
  'cmd.settings': 'Недорогие генерации без подтверждения',
  'results.favorite_already': '⭐ Уже в /favorites',
  'results.lyrics_variant': 'Вариант {n} из {count}:',
}
