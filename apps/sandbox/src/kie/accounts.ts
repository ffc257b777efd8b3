import type { KieEmulatorStore } from './store'

// Kie accounts: the main one (`apiKey`, `credits`, `webhookHmacKey`) and any extra ones
// (`accounts`), each with its own key, credit balance, create-rate window and webhook HMAC
// key. Like the real Kie, a task belongs to the account whose key created it: reading it with
// another account's key is a 404, and its callbacks are signed with that account's HMAC key.

/** The account a Bearer key opens: 0 the main one, i for `accounts[i - 1]`; null for no account. */
export function accountOf(store: KieEmulatorStore, key: string | null): number | null {
  if (key === null) return null
  if (key === store.settings.apiKey) return 0
  const index = store.settings.accounts.findIndex((a) => a.apiKey === key)
  return index === -1 ? null : index + 1
}

export function accountCredits(store: KieEmulatorStore, account: number): number {
  if (account === 0) return store.settings.credits
  return store.settings.accounts[account - 1]?.credits ?? 0
}

export function setAccountCredits(store: KieEmulatorStore, account: number, credits: number): void {
  if (account === 0) {
    store.settings.credits = credits
    return
  }
  const extra = store.settings.accounts[account - 1]
  if (!extra) throw new Error(`no Kie account ${account}`)
  store.settings.accounts = store.settings.accounts.map((a, i) => (i === account - 1 ? { ...a, credits } : a))
}

/** The account's webhook HMAC key (each Kie account has its own); null: its callbacks are not signed. */
export function accountHmacKey(store: KieEmulatorStore, account: number): string | null {
  if (account === 0) return store.settings.webhookHmacKey
  return store.settings.accounts[account - 1]?.webhookHmacKey ?? null
}
