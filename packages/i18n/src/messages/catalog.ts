// Texts of the live catalog: the admin Catalog screen, the catalog sync's alerts, and what a
// user sees when the provider withdrew a model. HTML parse mode.
export const en = {
  'model.withdrawn':
    'This model is no longer offered by the provider, so nothing was charged. Please choose another one.',
  'admin.btn.catalog': '🗂 Catalog',
  'admin.btn.catalog_sync': '🔄 Sync with Kie now',
  'admin.btn.catalog_lower': '⬇️ Lower {model} to {price}',
  'admin.btn.catalog_enable': '✅ Show {model} again',
  'admin.catalog': '🗂 <b>Kie catalog</b>\nLast sync: {last}\nLast good sync: {good}',
  'admin.catalog_never': 'never',
  'admin.catalog_failed': '{date}, failed: {error}',
  'admin.catalog_ok': '{date}, Kie lists {count} models',
  'admin.catalog_hidden': '🚫 <b>Hidden</b>:\n{lines}',
  'admin.catalog_hidden_unlisted': '{model}: Kie no longer lists {kie}',
  'admin.catalog_hidden_unlisted_back': '{model}: Kie lists {kie} again, you can show it',
  'admin.catalog_hidden_schema': '{model}: Kie now requires {fields}, which we do not send',
  'admin.catalog_repriced': '📈 <b>Raised</b> (Kie charges more): {list}',
  'admin.catalog_cheaper': '📉 <b>Kie charges less</b> (tap to lower):\n{lines}',
  'admin.catalog_cheaper_line': '{model}: {from} → {to}',
  'admin.catalog_schema': '🧩 <b>Schema changes</b>: {list}',
  'admin.catalog_new': '🆕 <b>New at Kie</b>, not sold:\n{lines}',
  'admin.catalog_new_line': '<code>{model}</code> ({provider}; {types}): {price}',
  'admin.catalog_more': '…and {count} more',
  'admin.catalog_quiet': 'No differences from our catalog.',
  'admin.catalog_sync_queued':
    '🔄 Sync queued. It takes a few minutes (Kie allows about one catalog request per second); open this screen again afterwards.',
  'admin.catalog_lowered': '📉 {model} now costs up to {price}.',
  'admin.catalog_lower_gone': 'There is no lower price waiting for this model any more.',
  'admin.catalog_enabled': '✅ {model} is on sale again.',
  'admin.catalog_still_missing':
    '{model} stays hidden: the last good sync does not show Kie offering it as we send it. Re-run the sync first.',
  'alert.catalog_sync_failed':
    '⚠️ Kie catalog sync failed, nothing was changed (the last good snapshot stays): {error}',
  'alert.catalog_hidden':
    '🚫 Kie catalog: hidden from the bot: {list}. They return when Kie lists them again and an admin shows them (/admin → Catalog).',
  'alert.catalog_repriced':
    '📈 Kie now charges more for {model}: its price was raised from {from} to {to} (dearest option) so it never sells below cost.',
  'alert.catalog_cheaper': '📉 Kie now charges less for: {list}. Lower the price with one tap in /admin → Catalog.',
  'alert.catalog_new': '🆕 Kie lists {count} model(s) we do not sell: see /admin → Catalog.',
}

export const ru: Record<keyof typeof en, string> = {
  'model.withdrawn':
    'Поставщик больше не предоставляет эту модель, поэтому деньги не списаны. Выберите, пожалуйста, другую.',
  'admin.btn.catalog': '🗂 Каталог',
  'admin.btn.catalog_sync': '🔄 Сверить с Kie сейчас',
  'admin.btn.catalog_lower': '⬇️ Снизить {model} до {price}',
  'admin.btn.catalog_enable': '✅ Вернуть {model}',
  'admin.catalog': '🗂 <b>Каталог Kie</b>\nПоследняя сверка: {last}\nПоследняя удачная: {good}',
  'admin.catalog_never': 'не было',
  'admin.catalog_failed': '{date}, ошибка: {error}',
  'admin.catalog_ok': '{date}, у Kie моделей: {count}',
  'admin.catalog_hidden': '🚫 <b>Скрыты</b>:\n{lines}',
  'admin.catalog_hidden_unlisted': '{model}: {kie} пропала из каталога Kie',
  'admin.catalog_hidden_unlisted_back': '{model}: {kie} снова есть у Kie, можно вернуть',
  'admin.catalog_hidden_schema': '{model}: Kie теперь требует {fields}, а мы их не передаём',
  'admin.catalog_repriced': '📈 <b>Подорожали</b> (Kie берёт больше): {list}',
  'admin.catalog_cheaper': '📉 <b>У Kie дешевле</b> (нажмите, чтобы снизить цену):\n{lines}',
  'admin.catalog_cheaper_line': '{model}: {from} → {to}',
  'admin.catalog_schema': '🧩 <b>Изменения схем</b>: {list}',
  'admin.catalog_new': '🆕 <b>Новое у Kie</b>, не продаётся:\n{lines}',
  'admin.catalog_new_line': '<code>{model}</code> ({provider}; {types}): {price}',
  'admin.catalog_more': '…и ещё {count}',
  'admin.catalog_quiet': 'Расхождений с нашим каталогом нет.',
  'admin.catalog_sync_queued':
    '🔄 Сверка поставлена в очередь. Она займёт несколько минут (Kie разрешает примерно один запрос к каталогу в секунду); потом откройте этот экран снова.',
  'admin.catalog_lowered': '📉 {model} теперь стоит до {price}.',
  'admin.catalog_lower_gone': 'Более низкой цены для этой модели уже нет.',
  'admin.catalog_enabled': '✅ {model} снова в продаже.',
  'admin.catalog_still_missing':
    '{model} остаётся скрытой: по последней удачной сверке Kie не предоставляет её в том виде, в каком мы её отправляем. Сначала запустите сверку.',
  'alert.catalog_sync_failed':
    '⚠️ Сверка каталога Kie не удалась, ничего не изменено (остаётся последний удачный снимок): {error}',
  'alert.catalog_hidden':
    '🚫 Каталог Kie: скрыты из бота: {list}. Вернутся, когда Kie снова их покажет и администратор включит их (/admin → Каталог).',
  'alert.catalog_repriced':
    '📈 Kie подняла цену на {model}: наша цена повышена с {from} до {to} (самый дорогой вариант), чтобы не продавать себе в убыток.',
  'alert.catalog_cheaper': '📉 У Kie подешевели: {list}. Снизить цену можно одним нажатием в /admin → Каталог.',
  'alert.catalog_new': '🆕 У Kie есть модели, которых мы не продаём ({count}): см. /admin → Каталог.',
}
