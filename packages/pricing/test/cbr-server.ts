// A local stand-in for both CBR feeds, serving their real formats (and their failures).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** windows-1251 for the text the CBR feed contains: ASCII and Russian letters. */
export function encodeCp1251(text: string): Buffer {
  const bytes: number[] = []
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    if (code < 0x80) bytes.push(code)
    else if (code >= 0x410 && code <= 0x44f) bytes.push(code - 0x410 + 0xc0)
    else if (code === 0x401) bytes.push(0xa8)
    else if (code === 0x451) bytes.push(0xb8)
    else throw new Error(`no windows-1251 byte for ${ch}`)
  }
  return Buffer.from(bytes)
}

export function cbrJson(usd: { Value: unknown; Nominal: unknown } | null): string {
  const valute: Record<string, unknown> = {
    EUR: { ID: 'R01239', NumCode: '978', CharCode: 'EUR', Nominal: 1, Name: 'Евро', Value: 100.1234, Previous: 99.9 },
    JPY: {
      ID: 'R01820',
      NumCode: '392',
      CharCode: 'JPY',
      Nominal: 100,
      Name: 'Японских иен',
      Value: 61.2345,
      Previous: 61.1,
    },
  }
  if (usd) valute.USD = { ID: 'R01235', NumCode: '840', CharCode: 'USD', Name: 'Доллар США', Previous: 92.1, ...usd }
  return JSON.stringify({
    Date: '2026-11-26T11:30:00+03:00',
    PreviousDate: '2026-11-25T11:30:00+03:00',
    PreviousURL: '//www.cbr-xml-daily.ru/archive/2026/11/25/daily_json.js',
    Timestamp: '2026-11-25T20:00:00+03:00',
    Valute: valute,
  })
}

export function cbrXml(usd: { value: string; nominal: string } | null): Buffer {
  const valute = (id: string, num: string, code: string, nominal: string, name: string, value: string): string =>
    `<Valute ID="${id}"><NumCode>${num}</NumCode><CharCode>${code}</CharCode><Nominal>${nominal}</Nominal>` +
    `<Name>${name}</Name><Value>${value}</Value><VunitRate>${value}</VunitRate></Valute>`
  return encodeCp1251(
    '<?xml version="1.0" encoding="windows-1251"?><ValCurs Date="26.11.2026" name="Foreign Currency Market">' +
      valute('R01010', '036', 'AUD', '1', 'Австралийский доллар', '60,1234') +
      (usd ? valute('R01235', '840', 'USD', usd.nominal, 'Доллар США', usd.value) : '') +
      valute('R01239', '978', 'EUR', '1', 'Евро', '100,1234') +
      valute('R01820', '392', 'JPY', '100', 'Японских иен', '61,2345') +
      '</ValCurs>',
  )
}

const HTML_ERROR = '<!DOCTYPE html><html><head><title>503</title></head><body>Сервис временно недоступен</body></html>'

type Route = (res: ServerResponse) => void

const json =
  (body: string): Route =>
  (res) => {
    res.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8' })
    res.end(body)
  }
const xml =
  (body: Buffer, contentType = 'application/xml; charset=windows-1251'): Route =>
  (res) => {
    res.writeHead(200, { 'content-type': contentType })
    res.end(body)
  }

const routes: Record<string, Route> = {
  '/json/ok': json(cbrJson({ Nominal: 1, Value: 92.5432 })),
  '/json/nominal-100': json(cbrJson({ Nominal: 100, Value: 9254.3251 })),
  '/json/no-usd': json(cbrJson(null)),
  '/json/malformed': json('{"Date":"2026-11-26T11:30:00+03:00","Valute":{"USD":{"Value":92.54'),
  '/json/bad-value': json(cbrJson({ Nominal: 1, Value: 'n/a' })),
  '/json/low': json(cbrJson({ Nominal: 1, Value: 9.25432 })),
  '/xml/ok': xml(cbrXml({ value: '92,5432', nominal: '1' })),
  '/xml/declared-only': xml(cbrXml({ value: '92,5432', nominal: '1' }), 'text/xml'),
  '/xml/nominal-10': xml(cbrXml({ value: '925,432', nominal: '10' })),
  '/xml/no-usd': xml(cbrXml(null)),
  '/xml/high': xml(cbrXml({ value: '925,432', nominal: '1' })),
  '/xml/bad-nominal': xml(cbrXml({ value: '92,5432', nominal: '0' })),
  '/html': (res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(HTML_ERROR)
  },
  '/500': (res) => {
    res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' })
    res.end(HTML_ERROR)
  },
  // Never answers.
  '/hang': () => undefined,
  // Sends headers and half a body, then stalls.
  '/stall': (res) => {
    res.writeHead(200, { 'content-type': 'application/javascript' })
    res.write('{"Date":"2026-11-26T11:30:00+03:00",')
  },
}

export interface CbrServer {
  url: (path: string) => string
  /** Paths requested, in order. */
  hits: string[]
  close: () => Promise<void>
}

export async function startCbrServer(): Promise<CbrServer> {
  const hits: string[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/'
    hits.push(path)
    const route = routes[path]
    if (route) route(res)
    else {
      res.writeHead(404)
      res.end('not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    hits,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
