// Every user-visible text, in English and Russian, split by who sends it (one file
// per part, so gateway and worker texts can change independently). Each Russian
// table must have exactly its English keys (the compiler checks), and a test checks
// that both use the same {placeholders}. Keys must not repeat across parts.
import * as admin from './messages/admin'
import * as browse from './messages/browse'
import * as catalog from './messages/catalog'
import * as common from './messages/common'
import * as compare from './messages/compare'
import * as compareEnds from './messages/compare-ends'
import * as ends from './messages/ends'
import * as gallery from './messages/gallery'
import * as gateway from './messages/gateway'
import * as kieKeys from './messages/kie-keys'
import * as moneyWizard from './messages/money-wizard'
import * as progress from './messages/progress'
import * as promo from './messages/promo'
import * as prompt from './messages/prompt'
import * as results from './messages/results'
import * as worker from './messages/worker'

export const en = {
  ...common.en,
  ...gateway.en,
  ...admin.en,
  ...worker.en,
  ...catalog.en,
  ...moneyWizard.en,
  ...browse.en,
  ...results.en,
  ...prompt.en,
  ...progress.en,
  ...ends.en,
  ...compare.en,
  ...compareEnds.en,
  ...promo.en,

  ...kieKeys.en,
  ...gallery.en,
}
export type MessageKey = keyof typeof en
export const ru: Record<MessageKey, string> = {
  ...common.ru,
  ...gateway.ru,
  ...admin.ru,
  ...worker.ru,
  ...catalog.ru,
  ...moneyWizard.ru,
  ...browse.ru,
  ...results.ru,
  ...prompt.ru,
  ...progress.ru,
  ...ends.ru,
  ...compare.ru,
  ...compareEnds.ru,
  ...promo.ru,

  ...kieKeys.ru,
  ...gallery.ru,
}

/** every part's keys, to prove none repeats (a later part would silently win) */
export const PARTS: Record<string, readonly string[]> = {
  common: Object.keys(common.en),
  gateway: Object.keys(gateway.en),
  admin: Object.keys(admin.en),
  worker: Object.keys(worker.en),
  catalog: Object.keys(catalog.en),
  moneyWizard: Object.keys(moneyWizard.en),
  browse: Object.keys(browse.en),
  results: Object.keys(results.en),
  prompt: Object.keys(prompt.en),
  progress: Object.keys(progress.en),
  ends: Object.keys(ends.en),
  compare: Object.keys(compare.en),
  compareEnds: Object.keys(compareEnds.en),
  promo: Object.keys(promo.en),

  kieKeys: Object.keys(kieKeys.en),
  gallery: Object.keys(gallery.en),
}
