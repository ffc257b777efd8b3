import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { createMetricsRegistry } from '@kiebot/ops'
import { createGatewayMetrics } from '../../apps/gateway/src/metrics'
import { createWorkerMetrics } from '../../apps/worker/src/metrics'
import {
  PROMETHEUS_SERIES,
  alertRules,
  dashboard,
  deployDir,
  exposedSeries,
  metricNames,
  root,
  usedMetrics,
} from './support/observability'

// The operator's side of the metrics: the alert rules, the dashboard and the compose
// profile that runs them. `promtool check rules/config` and `promtool test rules` run in
// CI (.ci/run); here: every metric they read is one the apps register, and the files fit
// together. (dockerfiles.test.ts checks the same names against the deployed apps' /metrics.)

/** What the apps register: their registries exactly as server.ts and app.ts build them. */
async function registeredSeries(): Promise<Set<string>> {
  const gateway = createMetricsRegistry('gateway')
  createGatewayMetrics(gateway)
  const worker = createMetricsRegistry('worker')
  createWorkerMetrics(worker)
  const metrics = [...(await gateway.getMetricsAsJSON()), ...(await worker.getMetricsAsJSON())]
  return exposedSeries(metrics.map((m) => ({ name: m.name, type: String(m.type) })))
}

describe('metric names', () => {
  it('reads the names out of PromQL, leaving functions, labels, keywords and durations out', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (le, operation) (rate(worker_kie_request_duration_seconds_bucket{operation="create"}[5m]))) > 10',
      ),
    ).toEqual(['worker_kie_request_duration_seconds_bucket'])
    expect(
      metricNames(
        '1 - sum(increase(a_total[6h])) / sum(increase(b_total[$__rate_interval])) < 0.2 and sum without (x) (c) > 0',
      ),
    ).toEqual(['a_total', 'b_total', 'c'])
    expect(metricNames('deriv(sum(q{state=~"wait|x"})[10m:1m]) > 0 or on(job) up == 0')).toEqual(['q', 'up'])
  })

  it('every metric an alert or a panel reads is registered by the gateway or the worker', async () => {
    const registered = await registeredSeries()
    const used = usedMetrics()
    expect(used.size).toBeGreaterThan(15)
    const unknown = [...used].filter(([name]) => !registered.has(name) && !PROMETHEUS_SERIES.has(name))
    expect(unknown).toEqual([])
  })
})

describe('deploy/prometheus/alerts.yml', () => {
  it('has an alert for each suggestion of docs/operations.md, each with a severity, a summary and what to do', () => {
    const rules = alertRules()
    const names = rules.map((r) => r.alert)
    expect(new Set(names).size).toBe(names.length)
    for (const rule of rules) {
      expect(rule.labels?.severity).toMatch(/^(critical|warning|info)$/)
      expect(rule.annotations?.summary).toBeTruthy()
      expect(rule.annotations?.description).toBeTruthy()
    }
    // the table in docs/operations.md: one rule reads each metric it names
    const read = new Set(rules.flatMap((rule) => metricNames(rule.expr)))
    const table = fs
      .readFileSync(path.join(root, 'docs', 'operations.md'), 'utf8')
      .split('## Metrics and suggested alerts')[1]!
    const suggested = [
      ...new Set([...table.split('\n## ')[0]!.matchAll(/\b((?:gateway|worker)_[a-z0-9_]+)/g)].map((m) => m[1]!)),
    ]
    expect(suggested.length).toBeGreaterThan(8)
    const histogramOrSeries = (name: string) => read.has(name) || read.has(`${name}_bucket`)
    expect(suggested.filter((name) => !histogramOrSeries(name))).toEqual([])
    // and each alert the docs describe is described there by name
    const docs = fs.readFileSync(path.join(root, 'docs', 'operations.md'), 'utf8')
    expect(names.filter((name) => !docs.includes(name))).toEqual([])
  })
})

describe('deploy/grafana', () => {
  const datasources = parse(
    fs.readFileSync(path.join(deployDir, 'grafana', 'provisioning', 'datasources', 'prometheus.yml'), 'utf8'),
  ) as { datasources: { uid: string; type: string; url: string }[] }

  it('the dashboard queries the provisioned Prometheus, with unique panel ids and a query in every panel', () => {
    const { panels, uid } = dashboard()
    expect(uid).toBe('kiebot')
    const [prometheus] = datasources.datasources
    expect(prometheus).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' })
    const ids = panels.map((p) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const panel of panels.filter((p) => p.type !== 'row')) {
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: prometheus!.uid })
      expect(panel.targets?.length).toBeGreaterThan(0)
      for (const target of panel.targets!) {
        expect(target.datasource?.uid).toBe(prometheus!.uid)
        expect(target.expr.trim()).not.toBe('')
      }
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24)
    }
  })

  it('shows what the issue lists: updates, latency, generations, Kie, Telegram, queues, credits, margin', () => {
    const read = (title: RegExp) =>
      dashboard()
        .panels.filter((p) => title.test(p.title))
        .flatMap((p) => (p.targets ?? []).flatMap((t) => metricNames(t.expr)))
    expect(read(/^Updates\/s/)).toContain('gateway_updates_total')
    expect(read(/^Handler latency/)).toContain('gateway_update_handler_seconds_bucket')
    expect(read(/by model and outcome/)).toContain('worker_generation_duration_seconds_count')
    expect(read(/^Settled by outcome/)).toContain('worker_generations_settled_total')
    expect(read(/^Kie latency/)).toContain('worker_kie_request_duration_seconds_bucket')
    expect(read(/^Kie errors/)).toContain('worker_kie_errors_total')
    expect(read(/^Sends\/s/)).toContain('worker_telegram_calls_total')
    expect(read(/^429s/)).toContain('worker_telegram_429_total')
    expect(read(/^Queue depths/)).toContain('worker_queue_jobs')
    expect(read(/^Kie credits/)).toContain('worker_kie_credits')
    expect(read(/^Margin/)).toEqual(
      expect.arrayContaining(['worker_kie_cost_kopecks_total', 'worker_revenue_kopecks_total']),
    )
  })

  it('the dashboards provider loads the folder compose mounts the dashboard into', () => {
    const provider = parse(
      fs.readFileSync(path.join(deployDir, 'grafana', 'provisioning', 'dashboards', 'kiebot.yml'), 'utf8'),
    ) as { providers: { options: { path: string } }[] }
    expect(provider.providers[0]!.options.path).toBe('/var/lib/grafana/dashboards')
  })
})
