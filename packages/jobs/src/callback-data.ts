// Inline-button callback data: the contract between whoever renders a button
// (gateway screens, worker status and result messages) and the gateway, which
// handles every press. At most 64 bytes (Telegram's limit); ids are UUIDs or short
// draft ids, slugs are [a-z0-9-] <= 32. Persisted in old messages: never change a prefix.

export const callbackData = {
  menu: () => 'menu',
  help: () => 'help',
  balance: () => 'bal',
  topup: () => 'top',
  /** buy a Stars pack of this size */
  pack: (stars: number) => `p:${stars}`,
  language: (lang: 'ru' | 'en') => `l:${lang}`,
  languageMenu: () => 'lang',
  category: (category: 'image' | 'video' | 'audio', page = 0) => `c:${category}:${page}`,
  model: (slug: string) => `m:${slug}`,
  /** start the parameter wizard of a model */
  startWizard: (slug: string) => `w:${slug}`,
  wizardOption: (draftId: string, fieldIndex: number, optionIndex: number) => `o:${draftId}:${fieldIndex}:${optionIndex}`,
  wizardSkip: (draftId: string, fieldIndex: number) => `s:${draftId}:${fieldIndex}`,
  /** media field with several files: done adding */
  wizardDone: (draftId: string, fieldIndex: number) => `d:${draftId}:${fieldIndex}`,
  /** a field naming an earlier Kie task: pick one of the user's own generations */
  wizardTask: (draftId: string, generationId: string) => `tp:${draftId}:${generationId}`,
  wizardBack: (draftId: string) => `b:${draftId}`,
  wizardCancel: (draftId: string) => `x:${draftId}`,
  confirm: (draftId: string) => `y:${draftId}`,
  edit: (draftId: string) => `e:${draftId}`,
  history: (page = 0) => `h:${page}`,
  /** send a finished result again by its stored Telegram file ids */
  resend: (generationId: string) => `rs:${generationId}`,
  /** same model and parameters again (goes to the price confirmation) */
  repeat: (generationId: string) => `rp:${generationId}`,
  /** run again at the price of the files as measured (a generation refunded because they cost more) */
  confirmMeasured: (generationId: string) => `mc:${generationId}`,
  /** cancel a generation still queued (refunds it) */
  cancelGeneration: (generationId: string) => `gc:${generationId}`,
  admin: (section = 'home') => `a:${section}`,
} as const

export type CallbackDataKind = keyof typeof callbackData

/** Telegram's limit on callback_data, in UTF-8 bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64
