import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'

// The operator's side of the metrics (deploy/prometheus, deploy/grafana) read as data,
// so tests can check every metric they name against what the apps register.

export const root = path.resolve(__dirname, '..', '..', '..')
export const deployDir = path.join(root, 'deploy')

export interface AlertRule {
  alert: string
  expr: string
  for?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
}

export function alertRules(): AlertRule[] {
  const file = parse(fs.readFileSync(path.join(deployDir, 'prometheus', 'alerts.yml'), 'utf8')) as {
    groups: { name: string; rules: AlertRule[] }[]
  }
  return file.groups.flatMap((group) => group.rules)
}

export interface DashboardPanel {
  id: number
  type: string
  title: string
  datasource?: { type: string; uid: string }
  gridPos: { h: number; w: number; x: number; y: number }
  targets?: { refId: string; expr: string; datasource?: { type: string; uid: string } }[]
}

export function dashboard(): { uid: string; title: string; panels: DashboardPanel[] } {
  return JSON.parse(fs.readFileSync(path.join(deployDir, 'grafana', 'dashboards', 'kiebot.json'), 'utf8')) as {
    uid: string
    title: string
    panels: DashboardPanel[]
  }
}

export function dashboardExpressions(): string[] {
  return dashboard().panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr))
}

/** Series Prometheus itself makes for every target (not the apps'). */
export const PROMETHEUS_SERIES = new Set(['up'])

const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
])

/** The metric names a PromQL expression reads (functions, labels, keywords and durations left out). */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // label values
    .replace(/\{[^}]*\}/g, ' ') // label matchers
    .replace(/\[[^\]]*\]/g, ' ') // ranges and subqueries
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ') // grouping labels
  const names = new Set<string>()
  for (const match of bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(?=\s*(\(?))/g)) {
    const [name, paren] = [match[0], match[1]]
    if (paren === '(' || KEYWORDS.has(name)) continue
    names.add(name)
  }
  return [...names]
}

/** The series names a registry's metrics expose (a histogram: _bucket, _sum, _count). */
export function exposedSeries(metrics: { name: string; type: string }[]): Set<string> {
  const series = new Set<string>()
  for (const { name, type } of metrics) {
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) series.add(name + suffix)
    else if (type === 'summary') for (const suffix of ['', '_sum', '_count']) series.add(name + suffix)
    else series.add(name)
  }
  return series
}

/** `# TYPE <name> <type>` lines of a /metrics answer. */
export function typesOfExposition(text: string): { name: string; type: string }[] {
  return [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => ({ name: m[1]!, type: m[2]! }))
}

/** Every metric the rules and the dashboard read, with where it is read. */
export function usedMetrics(): Map<string, string[]> {
  const used = new Map<string, string[]>()
  const add = (where: string, expr: string) => {
    for (const name of metricNames(expr)) used.set(name, [...(used.get(name) ?? []), where])
  }
  for (const rule of alertRules()) add(`alert ${rule.alert}`, rule.expr)
  for (const panel of dashboard().panels) for (const t of panel.targets ?? []) add(`panel "${panel.title}"`, t.expr)
  return used
}
