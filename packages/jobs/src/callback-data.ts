// Inline-button callback data: the contract between whoever renders a button
// (gateway screens, worker status and result messages) and the gateway, which
// handles every press. At most 64 bytes (Telegram's limit); ids are UUIDs or short
// draft ids, slugs are [a-z0-9-] <= 32. Persisted in old messages: never change a prefix
// or a field's format (test/callback-data.test.ts keeps a table of today's strings).
//
// One codec per action: `pack` renders the button, `unpack` reads a press back (undefined
// when the data is not this action's), `match` is the same grammar as a RegExp. Nothing
// else reads callback data.

/** How one field of callback data is written and read back. */
export interface FieldCodec<T> {
  /** the field's grammar (a RegExp source without groups or anchors) */
  readonly pattern: string
  encode(value: T): string
  decode(text: string): T
}

export const field = {
  /** a non-negative integer of at most `digits` digits */
  int: (digits: number): FieldCodec<number> => ({
    pattern: `\\d{1,${digits}}`,
    encode: (n) => String(n),
    decode: Number,
  }),
  /** a non-negative integer kept as a bigint (Telegram user ids) */
  bigint: (digits: number): FieldCodec<bigint> => ({
    pattern: `\\d{1,${digits}}`,
    encode: (n) => n.toString(),
    decode: BigInt,
  }),
  /** one of a fixed set of words */
  oneOf: <T extends string>(values: readonly T[]): FieldCodec<T> => ({
    pattern: values.join('|'),
    encode: (v) => v,
    decode: (s) => s as T,
  }),
  /** a string of this grammar, as it is */
  text: (pattern: string): FieldCodec<string> => ({ pattern, encode: (s) => s, decode: (s) => s }),
}

/** Shared field grammars. */
export const fields = {
  slug: field.text('[a-z0-9-]{1,32}'),
  draftId: field.text('[\\w-]{8}'),
  uuid: field.text('[0-9a-f-]{36}'),
  /** a task picker's choice: a generation id, or `<generation id>:<track index>` for a track */
  taskPick: field.text('[0-9a-f-]{36}(?::\\d{1,2})?'),
}

type ArgsOf<F extends Record<string, FieldCodec<unknown>>> = {
  [K in keyof F]: F[K] extends FieldCodec<infer T> ? T : never
}

export interface CallbackCodec<A> {
  /** the data before the first field (`c`, `a:models`): unique per action */
  readonly prefix: string
  /** anchored, one group per field: usable wherever a matcher is asked for */
  readonly match: RegExp
  pack(args: A): string
  unpack(data: string): A | undefined
}

/**
 * One action's callback data: `prefix` then each field after a colon, in the order given
 * (`defineCallback('c', { category, page })` is `c:image:0`).
 */
export function defineCallback<F extends Record<string, FieldCodec<unknown>>>(
  prefix: string,
  shape: F,
): CallbackCodec<ArgsOf<F>> {
  const keys = Object.keys(shape)
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const match = new RegExp(`^${escaped}${keys.map((k) => `:(${shape[k]!.pattern})`).join('')}$`)
  return {
    prefix,
    match,
    pack: (args) => [prefix, ...keys.map((k) => shape[k]!.encode(args[k]))].join(':'),
    unpack: (data) => {
      const found = match.exec(data)
      if (!found) return undefined
      return Object.fromEntries(keys.map((k, i) => [k, shape[k]!.decode(found[i + 1]!)])) as ArgsOf<F>
    },
  }
}

const CATEGORIES = ['image', 'video', 'audio'] as const
/** What a result can be used for as another model's input (`callbacks.resultUseTask`). */
export const RESULT_TASKS = [
  'edit',
  'animate',
  'upscale',
  'background',
  'extend',
  'restyle',
  'lip_sync',
  'isolate',
  'cover',
] as const
export type ResultTask = (typeof RESULT_TASKS)[number]

/** Every action a button can name, user-facing and admin. */
export const callbacks = {
  menu: defineCallback('menu', {}),
  help: defineCallback('help', {}),
  balance: defineCallback('bal', {}),
  topup: defineCallback('top', {}),
  /** buy a Stars pack of this size */
  pack: defineCallback('p', { stars: field.int(6) }),
  languageMenu: defineCallback('lang', {}),
  language: defineCallback('l', { lang: field.oneOf(['ru', 'en'] as const) }),
  category: defineCallback('c', { category: field.oneOf(CATEGORIES), page: field.int(3) }),
  model: defineCallback('m', { slug: fields.slug }),
  /** start the parameter wizard of a model */
  startWizard: defineCallback('w', { slug: fields.slug }),
  wizardOption: defineCallback('o', { draftId: fields.draftId, fieldIndex: field.int(2), optionIndex: field.int(3) }),
  wizardSkip: defineCallback('s', { draftId: fields.draftId, fieldIndex: field.int(2) }),
  /** media field with several files: done adding */
  wizardDone: defineCallback('d', { draftId: fields.draftId, fieldIndex: field.int(2) }),
  wizardBack: defineCallback('b', { draftId: fields.draftId }),
  wizardCancel: defineCallback('x', { draftId: fields.draftId }),
  /** a field naming an earlier Kie task: pick one of the user's own generations */
  wizardTask: defineCallback('tp', { draftId: fields.draftId, pickId: fields.taskPick }),
  confirm: defineCallback('y', { draftId: fields.draftId }),
  edit: defineCallback('e', { draftId: fields.draftId }),
  /** "Edit" asked what to change: this field, then back to the confirmation */
  editField: defineCallback('ef', { draftId: fields.draftId, fieldIndex: field.int(2) }),
  /** the "what to change" menu: back to the confirmation, nothing changed */
  editDone: defineCallback('ed', { draftId: fields.draftId }),
  /** a media step: remove one of the files sent (by its position) */
  wizardRemoveFile: defineCallback('wr', {
    draftId: fields.draftId,
    fieldIndex: field.int(2),
    fileIndex: field.int(2),
  }),
  history: defineCallback('h', { page: field.int(4) }),
  /** send a finished result again by its stored Telegram file ids */
  resend: defineCallback('rs', { generationId: fields.uuid }),
  /** same model and parameters again (goes to the price confirmation) */
  repeat: defineCallback('rp', { generationId: fields.uuid }),
  /** run again at the price of the files as measured (a generation refunded because they cost more) */
  confirmMeasured: defineCallback('mc', { generationId: fields.uuid }),
  /** cancel a generation still queued (refunds it) */
  cancelGeneration: defineCallback('gc', { generationId: fields.uuid }),
  /** the catalog's home: popular, by task, by vendor */
  catalog: defineCallback('ct', {}),
  /** the most used models of late, the admins' pins first */
  popular: defineCallback('pop', { page: field.int(2) }),
  /** the models of one task (the task names are packages/models' CATALOG_TASKS) */
  task: defineCallback('tk', { task: field.text('[a-z-]{1,16}'), page: field.int(2) }),
  /** the list of vendors */
  vendors: defineCallback('vns', {}),
  /** one vendor's models (packages/models' VENDOR_IDS) */
  vendor: defineCallback('vn', { vendor: field.text('[a-z]{1,16}'), page: field.int(2) }),
  /** a result's "edit the prompt": asks the new prompt, then the price confirmation */
  resultEditPrompt: defineCallback('rq', { generationId: fields.uuid }),
  /** a result's original file (the item at `index`), sent as a document */
  resultOriginal: defineCallback('ro', { generationId: fields.uuid, index: field.int(2) }),
  /** use a result's item as the input of another model: the list of models that take it */
  resultUse: defineCallback('ru', { generationId: fields.uuid, index: field.int(2) }),
  /** ...for this task (edit, animate, upscale...): the models that do it */
  resultUseTask: defineCallback('rt', {
    generationId: fields.uuid,
    index: field.int(2),
    task: field.oneOf(RESULT_TASKS),
  }),
  /** ...into this one (`target`: its place in that list) */
  resultUseModel: defineCallback('rm', { generationId: fields.uuid, index: field.int(2), target: field.int(3) }),
  /** keep a result's item in the favourites */
  favorite: defineCallback('fv', { generationId: fields.uuid, index: field.int(2) }),
  /** the favourites, page by page */
  favorites: defineCallback('fl', { page: field.int(2) }),
  /** a favourite sent again (that item only) */
  favoriteSend: defineCallback('fs', { generationId: fields.uuid, index: field.int(2) }),
  /** a favourite removed (then the page it was on) */
  favoriteRemove: defineCallback('fd', { generationId: fields.uuid, index: field.int(2) }),
  /** prompt-first: the settings screen, and its "don't ask up to N kopecks" (0: always ask) */
  settings: defineCallback('pf:set', {}),
  autoConfirm: defineCallback('pf:auto', { kopecks: field.int(7) }),
  /** a file sent outside a form: its tasks, one task's models (by page), a model picked for it */
  fileTasks: defineCallback('pf:ft', { sentId: fields.draftId }),
  fileTask: defineCallback('pf:fk', { sentId: fields.draftId, task: field.text('[a-z-]{1,24}'), page: field.int(2) }),
  fileModel: defineCallback('pf:fm', { sentId: fields.draftId, slug: fields.slug }),
  /** a model suggested for an unknown `/gen` name (the prompt typed with it waits in Redis) */
  genSuggestion: defineCallback('pf:g', { slug: fields.slug }),
  /** after a provider failure: the same model's wizard with that generation's settings, asking the prompt again */
  failedEditPrompt: defineCallback('fpe', { generationId: fields.uuid }),
  /** the balance screen's "Promo code": asks for the code */
  promo: defineCallback('promo', {}),
  /** the admin panel (`a:<section>[:<argument>]`); for ADMIN_IDS only */
  admin: {
    home: defineCallback('a:home', {}),
    stats: defineCallback('a:stats', {}),
    /** asks for a user id or @username */
    findUser: defineCallback('a:user', {}),
    user: defineCallback('a:u', { userId: field.bigint(20) }),
    adjust: defineCallback('a:adj', { userId: field.bigint(20) }),
    ban: defineCallback('a:ban', { userId: field.bigint(20) }),
    refund: defineCallback('a:rf', { paymentId: fields.uuid }),
    refundConfirmed: defineCallback('a:rfy', { paymentId: fields.uuid }),
    models: defineCallback('a:models', { page: field.int(4) }),
    modelToggle: defineCallback('a:mt', { slug: fields.slug }),
    modelPrice: defineCallback('a:mp', { slug: fields.slug }),
    broadcast: defineCallback('a:bc', {}),
    broadcastSend: defineCallback('a:bcy', { broadcastId: fields.draftId }),
    broadcastCancel: defineCallback('a:bcn', { broadcastId: fields.draftId }),
    undelivered: defineCallback('a:und', {}),
    undeliveredResend: defineCallback('a:undr', { generationId: fields.uuid }),
    catalog: defineCallback('a:cat', {}),
    catalogSync: defineCallback('a:catr', {}),
    catalogLower: defineCallback('a:catl', { slug: fields.slug }),
    catalogEnable: defineCallback('a:cate', { slug: fields.slug }),
    /** pin a model to the top of "Popular", or unpin it (from its card) */
    modelPin: defineCallback('a:pin', { slug: fields.slug }),
    /** promo codes: the list by page, a new one (asks its line), one code with its redemptions, disable it */
    promos: defineCallback('a:promo', { page: field.int(4) }),
    promoNew: defineCallback('a:promon', {}),
    promoView: defineCallback('a:promov', { promoId: fields.uuid }),
    promoDisable: defineCallback('a:promox', { promoId: fields.uuid }),
    /** any other admin data (an older panel's button): the panel's home */
    other: defineCallback('a', { section: field.text('[\\w:-]{1,60}') }),
  },
} as const

type Codecs = { [K: string]: CallbackCodec<never> | Codecs }

function flatten(group: Codecs): CallbackCodec<unknown>[] {
  return Object.values(group).flatMap((c) => ('match' in c ? [c as CallbackCodec<unknown>] : flatten(c as Codecs)))
}

/** Every codec, in the order a press is matched (`admin.other` last: it matches any admin data). */
export const ALL_CALLBACKS: readonly CallbackCodec<unknown>[] = flatten(callbacks as unknown as Codecs)

/** The action a press names, with its arguments; undefined for data no button of ours carries. */
export function findCallback(data: string): { codec: CallbackCodec<unknown>; args: unknown } | undefined {
  for (const codec of ALL_CALLBACKS) {
    const args = codec.unpack(data)
    if (args !== undefined) return { codec, args }
  }
  return undefined
}

/** The renderers' short form (`callbackData.category('image')`), packed by the codecs above. */
export const callbackData = {
  menu: () => callbacks.menu.pack({}),
  help: () => callbacks.help.pack({}),
  balance: () => callbacks.balance.pack({}),
  topup: () => callbacks.topup.pack({}),
  pack: (stars: number) => callbacks.pack.pack({ stars }),
  language: (lang: 'ru' | 'en') => callbacks.language.pack({ lang }),
  languageMenu: () => callbacks.languageMenu.pack({}),
  category: (category: (typeof CATEGORIES)[number], page = 0) => callbacks.category.pack({ category, page }),
  model: (slug: string) => callbacks.model.pack({ slug }),
  startWizard: (slug: string) => callbacks.startWizard.pack({ slug }),
  wizardOption: (draftId: string, fieldIndex: number, optionIndex: number) =>
    callbacks.wizardOption.pack({ draftId, fieldIndex, optionIndex }),
  wizardSkip: (draftId: string, fieldIndex: number) => callbacks.wizardSkip.pack({ draftId, fieldIndex }),
  wizardDone: (draftId: string, fieldIndex: number) => callbacks.wizardDone.pack({ draftId, fieldIndex }),
  wizardTask: (draftId: string, pickId: string) => callbacks.wizardTask.pack({ draftId, pickId }),
  wizardBack: (draftId: string) => callbacks.wizardBack.pack({ draftId }),
  wizardCancel: (draftId: string) => callbacks.wizardCancel.pack({ draftId }),
  confirm: (draftId: string) => callbacks.confirm.pack({ draftId }),
  edit: (draftId: string) => callbacks.edit.pack({ draftId }),
  editField: (draftId: string, fieldIndex: number) => callbacks.editField.pack({ draftId, fieldIndex }),
  editDone: (draftId: string) => callbacks.editDone.pack({ draftId }),
  wizardRemoveFile: (draftId: string, fieldIndex: number, fileIndex: number) =>
    callbacks.wizardRemoveFile.pack({ draftId, fieldIndex, fileIndex }),
  history: (page = 0) => callbacks.history.pack({ page }),
  resend: (generationId: string) => callbacks.resend.pack({ generationId }),
  repeat: (generationId: string) => callbacks.repeat.pack({ generationId }),
  confirmMeasured: (generationId: string) => callbacks.confirmMeasured.pack({ generationId }),
  cancelGeneration: (generationId: string) => callbacks.cancelGeneration.pack({ generationId }),
  catalog: () => callbacks.catalog.pack({}),
  popular: (page = 0) => callbacks.popular.pack({ page }),
  task: (task: string, page = 0) => callbacks.task.pack({ task, page }),
  vendors: () => callbacks.vendors.pack({}),
  vendor: (vendor: string, page = 0) => callbacks.vendor.pack({ vendor, page }),
  resultEditPrompt: (generationId: string) => callbacks.resultEditPrompt.pack({ generationId }),
  resultOriginal: (generationId: string, index: number) => callbacks.resultOriginal.pack({ generationId, index }),
  resultUse: (generationId: string, index: number) => callbacks.resultUse.pack({ generationId, index }),
  resultUseTask: (generationId: string, index: number, task: ResultTask) =>
    callbacks.resultUseTask.pack({ generationId, index, task }),
  resultUseModel: (generationId: string, index: number, target: number) =>
    callbacks.resultUseModel.pack({ generationId, index, target }),
  favorite: (generationId: string, index: number) => callbacks.favorite.pack({ generationId, index }),
  favorites: (page = 0) => callbacks.favorites.pack({ page }),
  favoriteSend: (generationId: string, index: number) => callbacks.favoriteSend.pack({ generationId, index }),
  favoriteRemove: (generationId: string, index: number) => callbacks.favoriteRemove.pack({ generationId, index }),
  settings: () => callbacks.settings.pack({}),
  autoConfirm: (kopecks: number) => callbacks.autoConfirm.pack({ kopecks }),
  fileTasks: (sentId: string) => callbacks.fileTasks.pack({ sentId }),
  fileTask: (sentId: string, task: string, page = 0) => callbacks.fileTask.pack({ sentId, task, page }),
  fileModel: (sentId: string, slug: string) => callbacks.fileModel.pack({ sentId, slug }),
  genSuggestion: (slug: string) => callbacks.genSuggestion.pack({ slug }),
  failedEditPrompt: (generationId: string) => callbacks.failedEditPrompt.pack({ generationId }),
  promo: () => callbacks.promo.pack({}),
} as const

export type CallbackDataKind = keyof typeof callbackData

/** Telegram's limit on callback_data, in UTF-8 bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64
