// The app's own texts, Russian and English (names, prices and dates come from the API).

const en = {
  'tab.gallery': 'Gallery',
  'tab.catalog': 'Models',
  'tab.balance': 'Balance',
  'filter.all': 'All',
  'filter.image': 'Images',
  'filter.video': 'Video',
  'filter.audio': 'Audio',
  'filter.any_model': 'Any model',
  'filter.favorites': '★ Favourites',
  'gallery.empty': 'Nothing here yet. Your results will appear here once they are ready.',
  'gallery.more': 'Show more',
  'gallery.play': 'Play',
  'detail.back': '← Back',
  'detail.prompt': 'Prompt',
  'detail.options': 'Options',
  'detail.price': 'Price',
  'detail.date': 'Date',
  'detail.send': 'Send to chat',
  'detail.repeat': 'Another variant',
  'detail.use': 'Use as input',
  'detail.favorite': '☆ Add to favourites',
  'detail.unfavorite': '★ In favourites',
  'detail.sent': 'Sent to the chat.',
  'detail.in_chat': 'Continue in the chat.',
  'detail.link': 'Open the file',
  'catalog.search': 'Search models',
  'catalog.nothing': 'No model matches.',
  'catalog.example': 'Example',
  'catalog.open': 'Open in chat',
  'catalog.sample': 'My last result',
  'catalog.no_sample': 'You have no results of this model yet.',
  'balance.title': 'Balance',
  'balance.history': 'History',
  'balance.empty': 'No operations yet.',
  'error.auth': 'Open the gallery from the bot’s chat in Telegram.',
  'error.unknown_user': 'Start the bot first, then open the gallery again.',
  'error.too_many': 'Too many requests, please wait a minute.',
  'error.favorites_full': 'Your favourites are full: remove one first.',
  'error.chat_unavailable': 'The bot can’t write to you: unblock it in the chat, then try again.',
  'error.banned': 'The gallery isn’t available for your account.',
  'error.generic': 'Something went wrong. Please try again.',
  loading: 'Loading…',
}

const ru: Record<keyof typeof en, string> = {
  'tab.gallery': 'Галерея',
  'tab.catalog': 'Модели',
  'tab.balance': 'Баланс',
  'filter.all': 'Все',
  'filter.image': 'Картинки',
  'filter.video': 'Видео',
  'filter.audio': 'Аудио',
  'filter.any_model': 'Любая модель',
  'filter.favorites': '★ Избранное',
  'gallery.empty': 'Здесь пока пусто. Готовые результаты появятся здесь.',
  'gallery.more': 'Показать ещё',
  'gallery.play': 'Слушать',
  'detail.back': '← Назад',
  'detail.prompt': 'Промпт',
  'detail.options': 'Настройки',
  'detail.price': 'Цена',
  'detail.date': 'Дата',
  'detail.send': 'Отправить в чат',
  'detail.repeat': 'Ещё вариант',
  'detail.use': 'Использовать дальше',
  'detail.favorite': '☆ В избранное',
  'detail.unfavorite': '★ В избранном',
  'detail.sent': 'Отправлено в чат.',
  'detail.in_chat': 'Продолжим в чате.',
  'detail.link': 'Открыть файл',
  'catalog.search': 'Поиск моделей',
  'catalog.nothing': 'Ничего не нашлось.',
  'catalog.example': 'Пример',
  'catalog.open': 'Открыть в чате',
  'catalog.sample': 'Мой последний результат',
  'catalog.no_sample': 'У вас ещё нет результатов этой модели.',
  'balance.title': 'Баланс',
  'balance.history': 'История',
  'balance.empty': 'Операций пока нет.',
  'error.auth': 'Откройте галерею из чата с ботом в Telegram.',
  'error.unknown_user': 'Сначала запустите бота, потом откройте галерею снова.',
  'error.too_many': 'Слишком много запросов, подождите минуту.',
  'error.favorites_full': 'Избранное заполнено: сначала уберите что-нибудь.',
  'error.chat_unavailable': 'Бот не может вам написать: разблокируйте его в чате и попробуйте снова.',
  'error.banned': 'Галерея недоступна для вашего аккаунта.',
  'error.generic': 'Что-то пошло не так. Попробуйте ещё раз.',
  loading: 'Загрузка…',
}

export const TEXTS = { en, ru }

export type Lang = keyof typeof TEXTS
export type TextKey = keyof typeof en

export function texts(lang: Lang): (key: TextKey) => string {
  return (key) => TEXTS[lang][key]
}

export function langOf(code: string | undefined): Lang {
  return code?.toLowerCase().startsWith('ru') ? 'ru' : 'en'
}
