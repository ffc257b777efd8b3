// Texts the worker sends: status message, results, failures.
export const en = {
  'status.queued': 'Queued',
} as const

export const ru: Record<keyof typeof en, string> = {
  'status.queued': 'В очереди',
}
