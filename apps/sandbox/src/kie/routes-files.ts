import { KIE_PATHS } from '@kiebot/kie'
import { randomBytes } from 'node:crypto'
import busboy from 'busboy'
import type { Express, Request, Response } from './express'
import { MIME_TYPES, resultFile, type MediaExtension } from './results'
import { sendData, sendError } from './respond'
import type { RecordedRequest, StoredFile } from './state'
import type { KieEmulatorStore } from './store'

/**
 * The upload host (§5.3: stream/base64/URL uploads returning a `downloadUrl`), download-url
 * (§5.4), and the file server behind every link the emulator hands out (/files/...).
 */
const UPLOAD_LIMIT_BYTES = 100 * 1024 * 1024

interface Incoming {
  fileName: string | null
  mimeType: string
  content: Buffer
}

function parseMultipart(req: Request): Promise<{ fields: Record<string, string>; file: Incoming | null }> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {}
    let file: Incoming | null = null
    const parser = busboy({ headers: req.headers, limits: { fileSize: UPLOAD_LIMIT_BYTES } })
    parser.on('field', (name, value) => {
      fields[name] = value
    })
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        if (name === 'file')
          file = { fileName: info.filename ?? null, mimeType: info.mimeType, content: Buffer.concat(chunks) }
      })
    })
    parser.on('close', () => resolve({ fields, file }))
    parser.on('error', reject)
    req.pipe(parser)
  })
}

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'video/mp4': 'mp4',
  'audio/mpeg': 'mp3',
}

function randomName(mimeType: string): string {
  return `${randomBytes(8).toString('hex')}.${EXTENSIONS[mimeType] ?? 'bin'}`
}

function validUploadPath(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && !value.startsWith('/') && !value.endsWith('/')
}

/** Stores the file under uploadPath/fileName (same name overwrites) and answers like Kie. */
function storeAndAnswer(store: KieEmulatorStore, res: Response, uploadPath: string, incoming: Incoming): void {
  const fileName = incoming.fileName ?? randomName(incoming.mimeType)
  const filePath = `${uploadPath}/${fileName}`
  const now = Date.now()
  const file: StoredFile = {
    id: filePath,
    fileName,
    filePath,
    mimeType: incoming.mimeType,
    content: incoming.content,
    uploadedAt: now,
    expiresAt: now + store.settings.uploadTtlMs,
  }
  store.files.set(filePath, file)
  const base = store.settings.publicUrl ?? (res.locals.publicBase as string)
  res.status(200).json({
    success: true,
    code: 200,
    [store.settings.messageKey]: 'File uploaded successfully',
    data: {
      fileName,
      filePath,
      downloadUrl: `${base}/files/uploads/${filePath.split('/').map(encodeURIComponent).join('/')}`,
      fileSize: file.content.length,
      mimeType: file.mimeType,
      uploadedAt: new Date(now).toISOString(),
    },
  })
}

function uploadError(store: KieEmulatorStore, res: Response, code: number, message: string): void {
  sendError(res, store, code, message, { success: false })
}

async function streamUpload(store: KieEmulatorStore, req: Request, res: Response): Promise<void> {
  if (!req.is('multipart/form-data')) return uploadError(store, res, 400, 'multipart/form-data body is required')
  const { fields, file } = await parseMultipart(req)
  const record = res.locals.record as RecordedRequest | undefined
  if (record) {
    record.body = {
      ...fields,
      file: file && { fileName: file.fileName, size: file.content.length, mimeType: file.mimeType },
    }
  }
  if (!file) return uploadError(store, res, 400, 'file is required')
  if (!validUploadPath(fields.uploadPath))
    return uploadError(store, res, 400, 'uploadPath is required (no leading or trailing slash)')
  storeAndAnswer(store, res, fields.uploadPath, { ...file, fileName: fields.fileName || file.fileName })
}

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+);base64,(.*)$/s

function base64Upload(store: KieEmulatorStore, req: Request, res: Response): void {
  const body = (req.body ?? {}) as Record<string, unknown>
  if (typeof body.base64Data !== 'string' || body.base64Data === '')
    return uploadError(store, res, 400, 'base64Data is required')
  if (!validUploadPath(body.uploadPath))
    return uploadError(store, res, 400, 'uploadPath is required (no leading or trailing slash)')
  const match = DATA_URL.exec(body.base64Data)
  const payload = match ? (match[2] ?? '') : body.base64Data
  if (!/^[A-Za-z0-9+/=\s]+$/.test(payload)) return uploadError(store, res, 400, 'base64Data is not valid base64')
  const mimeType = match?.[1] ?? 'application/octet-stream'
  const fileName = typeof body.fileName === 'string' && body.fileName !== '' ? body.fileName : null
  storeAndAnswer(store, res, body.uploadPath, { fileName, mimeType, content: Buffer.from(payload, 'base64') })
}

async function urlUpload(store: KieEmulatorStore, req: Request, res: Response): Promise<void> {
  const body = (req.body ?? {}) as Record<string, unknown>
  if (typeof body.fileUrl !== 'string' || !/^https?:\/\//.test(body.fileUrl))
    return uploadError(store, res, 400, 'fileUrl must be an http(s) URL')
  if (!validUploadPath(body.uploadPath))
    return uploadError(store, res, 400, 'uploadPath is required (no leading or trailing slash)')
  let incoming: Incoming
  try {
    const response = await fetch(body.fileUrl, { signal: AbortSignal.timeout(30_000) })
    if (!response.ok) return uploadError(store, res, 400, `Failed to download file from URL (HTTP ${response.status})`)
    const mimeType = response.headers.get('content-type')?.split(';')[0] ?? 'application/octet-stream'
    incoming = { fileName: null, mimeType, content: Buffer.from(await response.arrayBuffer()) }
  } catch {
    return uploadError(store, res, 400, 'Failed to download file from URL')
  }
  const fileName = typeof body.fileName === 'string' && body.fileName !== '' ? body.fileName : null
  storeAndAnswer(store, res, body.uploadPath, { ...incoming, fileName })
}

/** Temporary links only for files this emulator generated or stores; others are 422 like Kie. */
function downloadUrl(store: KieEmulatorStore, req: Request, res: Response): void {
  const url = (req.body as Record<string, unknown> | undefined)?.url
  if (typeof url !== 'string' || url === '') return sendError(res, store, 422, 'url is required')
  const base = new URL(store.settings.publicUrl ?? (res.locals.publicBase as string))
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return sendError(res, store, 422, 'url is not a valid URL')
  }
  if (parsed.host !== base.host || !parsed.pathname.startsWith(`${base.pathname.replace(/\/$/, '')}/files/`)) {
    return sendError(res, store, 422, 'Only URLs of files generated by Kie are supported')
  }
  parsed.searchParams.set('expires', String(Date.now() + 20 * 60 * 1000))
  sendData(res, store, parsed.toString())
}

/** GET /files/uploads/<uploadPath>/<fileName> and /files/results/<taskId>/<n>.<ext> (no auth, like Kie's file hosts). */
async function serveFile(store: KieEmulatorStore, req: Request, res: Response): Promise<void> {
  const parts = req.path.split('/').filter(Boolean).map(decodeURIComponent)
  const [area, ...rest] = parts
  if (area === 'uploads') {
    const file = store.files.get(rest.join('/'))
    if (!file || file.expiresAt < Date.now()) return void res.status(404).send('Not found')
    return void res.type(file.mimeType).send(file.content)
  }
  const [taskId, name] = rest
  const task = taskId ? store.tasks.get(taskId) : undefined
  const extension = name?.split('.').pop() as MediaExtension | undefined
  if (area !== 'results' || !task || task.state !== 'success' || !extension || !(extension in MIME_TYPES)) {
    return void res.status(404).send('Not found')
  }
  try {
    const bytes = await resultFile(task, extension, name?.startsWith('cover-') ?? false)
    res.type(MIME_TYPES[extension]).send(bytes)
  } catch (error) {
    res.status(500).send(`could not make the result: ${error instanceof Error ? error.message : String(error)}`)
  }
}

export function mountFileRoutes(app: Express, store: KieEmulatorStore): void {
  app.post(KIE_PATHS.upload.stream, (req, res) => streamUpload(store, req, res))
  app.post(KIE_PATHS.upload.base64, (req, res) => base64Upload(store, req, res))
  app.post(KIE_PATHS.upload.url, (req, res) => urlUpload(store, req, res))
  app.post(KIE_PATHS.downloadUrl, (req, res) => downloadUrl(store, req, res))
}

export function serveFiles(store: KieEmulatorStore): (req: Request, res: Response) => void {
  return (req, res) => void serveFile(store, req, res)
}
