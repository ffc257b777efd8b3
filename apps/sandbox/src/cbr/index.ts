import express, { type Router } from 'express'

/**
 * A stand-in for the Central Bank of Russia's daily rates in both formats the
 * pricing package reads (cbr-xml-daily.ru JSON and cbr.ru XML), at a fixed rate:
 * the sandbox has no Internet.
 */
export function cbrRouter(rubPerUsd: () => number): Router {
  const router = express.Router()
  router.get('/daily_json.js', (_req, res) => {
    const now = new Date().toISOString()
    res.json({
      Date: now,
      PreviousDate: now,
      Timestamp: now,
      Valute: {
        USD: {
          ID: 'R01235',
          NumCode: '840',
          CharCode: 'USD',
          Nominal: 1,
          Name: 'Доллар США',
          Value: rubPerUsd(),
          Previous: rubPerUsd(),
        },
      },
    })
  })
  router.get('/XML_daily.asp', (_req, res) => {
    const d = new Date()
    const date = `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`
    const value = rubPerUsd().toFixed(4).replace('.', ',')
    res
      .type('application/xml; charset=utf-8')
      .send(
        `<?xml version="1.0" encoding="utf-8"?><ValCurs Date="${date}" name="Foreign Currency Market"><Valute ID="R01235"><NumCode>840</NumCode><CharCode>USD</CharCode><Nominal>1</Nominal><Name>US Dollar</Name><Value>${value}</Value><VunitRate>${value}</VunitRate></Valute></ValCurs>`,
      )
  })
  return router
}
