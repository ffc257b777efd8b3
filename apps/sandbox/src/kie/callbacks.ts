import { createHmac } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { withDeadline } from '@kiebot/ops'
import { accountCredits, accountHmacKey } from './accounts'
import type { EmulatedTask } from './state'
import type { KieEmulatorStore } from './store'
import { callbackBody, type CallbackStage } from './views'

/**
 * Never rejects. POSTs a task's callback the way Kie does (§3): JSON, optional HMAC headers, success = HTTP 200,
 * retried up to `callbackRetries` times after a non-200, timeout or network error. In mode
 * `duplicate` the final callback is delivered twice; in `off` never.
 */
export async function sendCallback(store: KieEmulatorStore, task: EmulatedTask, stage: CallbackStage): Promise<void> {
  const mode = store.settings.callbacks
  if (!task.callBackUrl || mode === 'off') return
  const copies = stage === 'final' && mode === 'duplicate' ? 2 : 1
  const body = callbackBody(task, stage, accountCredits(store, task.account))
  for (let copy = 0; copy < copies; copy++) await deliver(store, task, stage, body)
}

/** Signed with the HMAC key of the account that owns the task, as Kie does (the key is per account). */
function signatureHeaders(store: KieEmulatorStore, task: EmulatedTask): Record<string, string> {
  const key = accountHmacKey(store, task.account)
  if (!key) return {}
  const taskId = task.taskId
  const timestamp = Math.floor(Date.now() / 1000) + store.settings.webhookTimestampSkewSeconds
  const signature = createHmac('sha256', key).update(`${taskId}.${timestamp}`).digest('base64')
  return { 'X-Webhook-Timestamp': String(timestamp), 'X-Webhook-Signature': signature }
}

async function deliver(
  store: KieEmulatorStore,
  task: EmulatedTask,
  stage: CallbackStage,
  body: unknown,
): Promise<void> {
  const url = task.callBackUrl as string
  const lifetime = store.signal
  const attempts = 1 + Math.max(0, store.settings.callbackRetries)
  for (let attempt = 1; attempt <= attempts && !lifetime.aborted; attempt++) {
    const headers = { 'content-type': 'application/json', ...signatureHeaders(store, task) }
    let status: number | null = null
    let error: string | null = null
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: withDeadline(store.settings.callbackTimeoutMs, lifetime),
      })
      status = response.status
      await response.arrayBuffer().catch(() => undefined)
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught)
    }
    if (lifetime.aborted) return
    store.callbackAttempts.push({
      at: Date.now(),
      taskId: task.taskId,
      family: task.family,
      url,
      stage: task.family === 'suno' && stage === 'final' ? (task.state === 'fail' ? 'error' : 'complete') : stage,
      attempt,
      status,
      error,
      body,
      headers,
    })
    if (status === 200) return
    if (attempt < attempts) {
      await sleep(store.settings.callbackRetryDelayMs, undefined, { signal: lifetime }).catch(() => undefined)
    }
  }
}
