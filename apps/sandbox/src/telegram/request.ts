/** Reads a Bot API request's parameters: query string, JSON, urlencoded or multipart (files). */
import busboy from 'busboy'
import { ApiError, badRequest } from './errors'
import { express, type Request, type RequestHandler, type Response } from './express'

export interface Upload {
  /** multipart field name */
  field: string
  bytes: Buffer
  fileName?: string
  mimeType?: string
}

export interface ApiRequestParams {
  fields: Record<string, unknown>
  uploads: Map<string, Upload>
}

const jsonBody = express.json({ limit: '20mb', type: ['application/json', '*/json'] })
const formBody = express.urlencoded({ limit: '20mb', extended: false })

function run(handler: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    void handler(req, res, (error?: unknown) => (error ? reject(error) : resolve()))
  })
}

/** `maxFileBytes`: a file part larger than this answers 413 Request Entity Too Large */
export async function readApiRequest(req: Request, res: Response, maxFileBytes: number): Promise<ApiRequestParams> {
  const fields: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(req.query))
    fields[name] = Array.isArray(value) ? value[value.length - 1] : value
  const uploads = new Map<string, Upload>()
  if (req.is('multipart/form-data')) {
    await readMultipart(req, maxFileBytes, fields, uploads)
    return { fields, uploads }
  }
  try {
    await run(jsonBody, req, res)
    await run(formBody, req, res)
  } catch (error) {
    const type = (error as { type?: unknown } | null)?.type
    if (type === 'entity.too.large') throw new ApiError(413, 'Request Entity Too Large')
    throw badRequest("can't parse request body")
  }
  if (typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body)) Object.assign(fields, req.body)
  return { fields, uploads }
}

function readMultipart(
  req: Request,
  maxFileBytes: number,
  fields: Record<string, unknown>,
  uploads: Map<string, Upload>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let tooLarge = false
    let parser: busboy.Busboy
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: maxFileBytes, fieldSize: 20 * 1024 * 1024 } })
    } catch {
      return reject(badRequest("can't parse multipart/form-data request"))
    }
    parser.on('field', (name, value) => {
      fields[name] = value
    })
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('limit', () => {
        tooLarge = true
      })
      stream.on('end', () => {
        uploads.set(name, {
          field: name,
          bytes: Buffer.concat(chunks),
          ...(info.filename ? { fileName: info.filename } : {}),
          ...(info.mimeType ? { mimeType: info.mimeType } : {}),
        })
      })
    })
    parser.on('error', () => reject(badRequest("can't parse multipart/form-data request")))
    parser.on('close', () => (tooLarge ? reject(new ApiError(413, 'Request Entity Too Large')) : resolve()))
    req.pipe(parser)
  })
}
