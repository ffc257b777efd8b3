// Texts of the admin screens (users in ADMIN_IDS). HTML parse mode.
export const en = {
  'admin.refused': 'This command is for administrators only.',
  'admin.home': '🛠 <b>Administration</b>',
  'admin.btn.stats': '📊 Stats',
  'admin.btn.user': '👤 Find a user',
  'admin.btn.models': '🤖 Models',
  'admin.btn.broadcast': '📣 Broadcast',
  'admin.btn.undelivered': '📦 Undelivered',
  'admin.btn.resend': '📤 Re-send #{n}',
  'admin.undelivered':
    '📦 <b>Results Telegram would not accept</b> (the charge was kept, the users were pointed to their history):\n\n{lines}',
  'admin.undelivered_line': '{n}. {model}, user <code>{userId}</code>, {date}',
  'admin.undelivered_none': '📦 No undelivered results.',
  'admin.undelivered_gone': 'This result is no longer waiting for delivery.',
  'admin.undelivered_resent': '📤 {model} sent again to user <code>{userId}</code> (as links).',
  'admin.btn.home': '🛠 Admin',
  'admin.btn.adjust': '± Balance',
  'admin.btn.ban': '🚫 Block',
  'admin.btn.unban': '✅ Unblock',
  'admin.btn.refund': '↩ Refund {stars} ⭐ ({date})',
  'admin.btn.refund_yes': '↩ Yes, refund {stars} ⭐',
  'admin.btn.send': '📣 Send to {count} users',
  'admin.btn.price': '💲 {name}',
  'admin.stats':
    '📊 <b>Stats</b>\nUsers: <b>{users}</b> (new today: {newToday})\nRevenue: <b>{revenue}</b> from {payments} payments ({stars} ⭐)\nGenerations: {byStatus}\nSuccess rate: <b>{successRate}</b>\nMargin (charged − Kie cost): <b>{margin}</b>\nKie credits: <b>{kieCredits}</b>\n\n<b>Top models</b>\n{topModels}\n\n<b>Margin per model</b> (1 / 7 / 30 days, revenue − Kie cost)\n{marginByModel}',
  'admin.stats_margin_more': '…and {count} more',
  'admin.stats_margin_estimated':
    '≈ Kie did not report the cost of some generations: their quoted credits are counted.',
  'admin.kie_unknown': 'not checked yet',
  'admin.user_prompt': 'Send the Telegram id or @username of the user.',
  'admin.user_not_found': 'No user {query}.',
  'admin.user':
    '👤 <b>{name}</b> {username}\nid <code>{id}</code> · {language} · since {created}\nBalance: <b>{balance}</b>\nGenerations: {generations} · payments: {payments}{banned}',
  'admin.user_banned': '\n🚫 <b>blocked</b>',
  'admin.adjust_prompt':
    'Send the amount in rubles and the reason, e.g. <code>+150 compensation for a failed video</code> or <code>-50 duplicate bonus</code>.',
  'admin.adjust_invalid': 'Write a signed amount and a reason, e.g. <code>+150 compensation</code>.',
  'admin.adjusted': 'Done: {amount} ({reason}). Balance: <b>{balance}</b>.',
  'admin.adjust_refused': 'Not applied: {reason}.',
  'admin.refund_confirm':
    'Refund payment of {stars} ⭐ ({rub}) made {date}? {rub} will be debited from the user balance ({balance}).',
  'admin.refund_done': 'Refunded {stars} ⭐; {rub} debited. Balance: <b>{balance}</b>.',
  'admin.refund_spent': 'Cannot refund: the user has already spent the money (balance {balance}, payment {rub}).',
  'admin.refund_already': 'This payment is already refunded.',
  'admin.refund_referral': 'The referral reward for this payment was taken back from the referrer: {rub}.',
  'admin.refund_referral_short':
    'The referral reward for this payment was taken back from the referrer: {rub}; {short} had already been spent and is written off (see the audit log).',
  'admin.refund_in_progress':
    'Another refund attempt for this payment is in progress or has just finished. Open the user card again in a minute to see the result.',
  'admin.refund_refused':
    'Telegram refused the refund ({error}); the money is back on the user balance and the payment can be refunded later.',
  'admin.refund_failed':
    'Telegram did not refund yet ({error}); the money is debited and the refund can be retried with the same button.',
  'admin.telegram_no_answer': 'no proper answer from Telegram',
  'admin.models': '🤖 <b>Models</b> (page {page} of {pages})\n✅ on · ⛔ off; 💲 sets a price override.',
  'admin.price_prompt':
    '<b>{name}</b>: send <code>x2.5</code> for a markup, <code>150</code> for a fixed price in rubles, or <code>reset</code>.\nNow: {current}',
  'admin.price_none': 'registry price',
  'admin.price_markup': 'markup ×{markup}',
  'admin.price_fixed': 'fixed {price}',
  'admin.price_invalid': 'Send <code>x2.5</code>, <code>150</code> or <code>reset</code>.',
  'admin.price_set': '<b>{name}</b>: {current}.',
  'admin.broadcast_prompt': 'Send the text of the broadcast (up to 4000 characters).',
  'admin.broadcast_preview': '📣 <b>Broadcast preview</b> — {count} recipients:\n\n{text}',
  'admin.broadcast_queued':
    'Queued for {count} users; they are sent at the rate Telegram allows, and a report follows when they have gone.',
  'admin.broadcast_cancelled': 'Broadcast cancelled.',
  'admin.broadcast_report':
    '📣 Broadcast finished: {recipients} recipients. Delivered: {sent}, blocked the bot: {blocked}, failed: {failed}, not finished yet: {pending}.',
} as const

export const ru: Record<keyof typeof en, string> = {
  'admin.refused': 'Эта команда только для администраторов.',
  'admin.home': '🛠 <b>Администрирование</b>',
  'admin.btn.stats': '📊 Статистика',
  'admin.btn.user': '👤 Найти пользователя',
  'admin.btn.models': '🤖 Модели',
  'admin.btn.broadcast': '📣 Рассылка',
  'admin.btn.undelivered': '📦 Недоставленные',
  'admin.btn.resend': '📤 Отправить №{n}',
  'admin.undelivered':
    '📦 <b>Результаты, которые Telegram не принял</b> (оплата сохранена, пользователям предложено открыть «Историю»):\n\n{lines}',
  'admin.undelivered_line': '{n}. {model}, пользователь <code>{userId}</code>, {date}',
  'admin.undelivered_none': '📦 Недоставленных результатов нет.',
  'admin.undelivered_gone': 'Этот результат уже не ждёт доставки.',
  'admin.undelivered_resent': '📤 {model}: отправлено пользователю <code>{userId}</code> ещё раз (ссылками).',
  'admin.btn.home': '🛠 Админка',
  'admin.btn.adjust': '± Баланс',
  'admin.btn.ban': '🚫 Заблокировать',
  'admin.btn.unban': '✅ Разблокировать',
  'admin.btn.refund': '↩ Вернуть {stars} ⭐ ({date})',
  'admin.btn.refund_yes': '↩ Да, вернуть {stars} ⭐',
  'admin.btn.send': '📣 Отправить (получателей: {count})',
  'admin.btn.price': '💲 {name}',
  'admin.stats':
    '📊 <b>Статистика</b>\nПользователей: <b>{users}</b> (новых сегодня: {newToday})\nВыручка: <b>{revenue}</b>, платежей: {payments} ({stars} ⭐)\nГенерации: {byStatus}\nДоля успешных: <b>{successRate}</b>\nМаржа (списано − стоимость Kie): <b>{margin}</b>\nКредиты Kie: <b>{kieCredits}</b>\n\n<b>Популярные модели</b>\n{topModels}\n\n<b>Маржа по моделям</b> (1 / 7 / 30 дней, выручка − стоимость Kie)\n{marginByModel}',
  'admin.stats_margin_more': '…и ещё {count}',
  'admin.stats_margin_estimated': '≈ Kie не сообщил стоимость части генераций: для них взяты расчётные кредиты.',
  'admin.kie_unknown': 'ещё не проверено',
  'admin.user_prompt': 'Отправьте Telegram id или @username пользователя.',
  'admin.user_not_found': 'Пользователь {query} не найден.',
  'admin.user':
    '👤 <b>{name}</b> {username}\nid <code>{id}</code> · {language} · с {created}\nБаланс: <b>{balance}</b>\nГенераций: {generations} · платежей: {payments}{banned}',
  'admin.user_banned': '\n🚫 <b>заблокирован</b>',
  'admin.adjust_prompt':
    'Отправьте сумму в рублях и причину, например <code>+150 компенсация за сбой видео</code> или <code>-50 повторный бонус</code>.',
  'admin.adjust_invalid': 'Напишите сумму со знаком и причину, например <code>+150 компенсация</code>.',
  'admin.adjusted': 'Готово: {amount} ({reason}). Баланс: <b>{balance}</b>.',
  'admin.adjust_refused': 'Не выполнено: {reason}.',
  'admin.refund_confirm':
    'Вернуть платёж {stars} ⭐ ({rub}) от {date}? С баланса пользователя ({balance}) будет списано {rub}.',
  'admin.refund_done': 'Возвращено {stars} ⭐; списано {rub}. Баланс: <b>{balance}</b>.',
  'admin.refund_spent': 'Вернуть нельзя: пользователь уже потратил деньги (баланс {balance}, платёж {rub}).',
  'admin.refund_already': 'Этот платёж уже возвращён.',
  'admin.refund_referral': 'Реферальное вознаграждение за этот платёж списано у пригласившего: {rub}.',
  'admin.refund_referral_short':
    'Реферальное вознаграждение за этот платёж списано у пригласившего: {rub}; {short} он уже потратил — эта сумма списана в убыток (см. журнал действий).',
  'admin.refund_in_progress':
    'По этому платежу уже идёт другая попытка возврата или она только что завершилась. Откройте карточку пользователя через минуту, чтобы увидеть результат.',
  'admin.refund_refused':
    'Telegram отказал в возврате ({error}); деньги возвращены на баланс пользователя, платёж можно вернуть позже.',
  'admin.refund_failed':
    'Telegram пока не вернул звёзды ({error}); деньги списаны, возврат можно повторить той же кнопкой.',
  'admin.telegram_no_answer': 'Telegram не дал внятного ответа',
  'admin.models': '🤖 <b>Модели</b> (страница {page} из {pages})\n✅ включена · ⛔ выключена; 💲 — своя цена.',
  'admin.price_prompt':
    '<b>{name}</b>: отправьте <code>x2.5</code> для наценки, <code>150</code> для фиксированной цены в рублях или <code>reset</code>.\nСейчас: {current}',
  'admin.price_none': 'цена из каталога',
  'admin.price_markup': 'наценка ×{markup}',
  'admin.price_fixed': 'фиксированная {price}',
  'admin.price_invalid': 'Отправьте <code>x2.5</code>, <code>150</code> или <code>reset</code>.',
  'admin.price_set': '<b>{name}</b>: {current}.',
  'admin.broadcast_prompt': 'Отправьте текст рассылки (до 4000 символов).',
  'admin.broadcast_preview': '📣 <b>Предпросмотр рассылки</b> (получателей: {count}):\n\n{text}',
  'admin.broadcast_queued':
    'Рассылка поставлена в очередь (получателей: {count}). Сообщения уходят с той скоростью, которую допускает Telegram; по окончании придёт отчёт.',
  'admin.broadcast_cancelled': 'Рассылка отменена.',
  'admin.broadcast_report':
    '📣 Рассылка завершена: получателей — {recipients}. Доставлено: {sent}, заблокировали бота: {blocked}, не доставлено: {failed}, ещё в пути: {pending}.',
}
