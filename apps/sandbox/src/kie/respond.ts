import type { Response } from './express'
import type { KieEmulatorStore } from './store'

/** `{ code: 200, msg: "success", data }` (or `message`, per settings). */
export function sendData(res: Response, store: KieEmulatorStore, data: unknown, message = 'success'): void {
  res.status(200).json({ code: 200, [store.settings.messageKey]: message, data })
}

/**
 * A Kie error: in `http` mode the HTTP status equals the code; in `envelope` mode HTTP is 200
 * and only the body says what went wrong.
 */
export function sendError(
  res: Response,
  store: KieEmulatorStore,
  code: number,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  const status = store.settings.errorMode === 'http' && code >= 400 && code <= 599 ? code : 200
  res.status(status).json({ ...extra, code, [store.settings.messageKey]: message, data: null })
}
