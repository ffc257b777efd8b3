import { useEffect, useState } from 'preact/hooks'
import type { Balance } from './api'
import type { Shared } from './app'

export function BalanceView(shared: Shared) {
  const { api, t } = shared
  const [balance, setBalance] = useState<Balance | null>(null)
  const load = (offset = 0) =>
    api
      .get<Balance>(offset > 0 ? `balance?offset=${offset}` : 'balance')
      .then(
        (next) =>
          setBalance((previous) =>
            offset > 0 && previous ? { ...next, entries: [...previous.entries, ...next.entries] } : next,
          ),
        shared.failed,
      )
  useEffect(() => void load(), [])
  if (!balance) return <p class="hint">{t('loading')}</p>
  return (
    <section class="balance">
      <p class="balance-total">
        {t('balance.title')}: <b data-testid="balance">{balance.balance}</b>
      </p>
      <h3>{t('balance.history')}</h3>
      {balance.entries.length === 0 && <p class="hint">{t('balance.empty')}</p>}
      <ul class="entries">
        {balance.entries.map((e) => (
          <li key={e.id} class={e.credit ? 'entry credit' : 'entry'}>
            <span class="entry-amount">{e.amount}</span>
            <span class="entry-what">
              {e.kind}
              {e.model ? ` · ${e.model}` : ''}
            </span>
            <span class="entry-date">{e.date}</span>
          </li>
        ))}
      </ul>
      {balance.nextOffset !== null && (
        <button class="more" onClick={() => void load(balance.nextOffset!)}>
          {t('gallery.more')}
        </button>
      )}
    </section>
  )
}
