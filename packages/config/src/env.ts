import { z } from 'zod'

/** A problem with one environment variable. Values are never included: they may be secrets. */
export interface ConfigProblem {
  variable: string
  problem: string
}

export class ConfigError extends Error {
  constructor(
    readonly app: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      `Invalid configuration for ${app} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.variable}: ${p.problem}`).join('\n') +
        '\nSee .env.example for every variable.',
    )
    this.name = 'ConfigError'
  }
}

export type Env = Record<string, string | undefined>

/**
 * A piece of configuration: a zod shape over environment variables, plus checks
 * that involve several variables (run on the raw environment so that every
 * problem is reported at once, not only the first layer's).
 */
export interface ConfigPiece<S extends z.ZodRawShape> {
  shape: S
  crossChecks?: (env: Env) => ConfigProblem[]
}

export function piece<S extends z.ZodRawShape>(shape: S, crossChecks?: (env: Env) => ConfigProblem[]): ConfigPiece<S> {
  return { shape, crossChecks }
}

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never

/** The parsed type of an app's configuration: the intersection of its pieces' outputs. */
type PiecesOutput<P extends readonly ConfigPiece<z.ZodRawShape>[]> = UnionToIntersection<
  { [K in keyof P]: P[K] extends ConfigPiece<infer S> ? z.output<z.ZodObject<S>> : never }[number]
>

export interface AppConfigSchema<T> {
  app: string
  /** every environment variable this app reads */
  variables: readonly string[]
  parse(env: Env): T
}

/** Builds one app's schema from shared pieces. */
export function defineAppConfig<const P extends readonly ConfigPiece<z.ZodRawShape>[]>(
  app: string,
  pieces: P,
): AppConfigSchema<PiecesOutput<P>> {
  const shape = Object.assign({}, ...pieces.map((p) => p.shape)) as z.ZodRawShape
  const schema = z.object(shape)
  return {
    app,
    variables: Object.keys(shape).sort(),
    parse(env) {
      // Empty strings mean "not set" (docker-compose passes unset variables as '').
      const cleaned: Env = {}
      for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') cleaned[key] = value
      const problems: ConfigProblem[] = []
      const result = schema.safeParse(cleaned)
      if (!result.success) {
        for (const issue of result.error.issues) {
          const variable = String(issue.path[0] ?? '(environment)')
          const missing = issue.code === 'invalid_type' && cleaned[variable] === undefined
          problems.push({ variable, problem: missing ? 'missing' : issue.message })
        }
      }
      for (const p of pieces) problems.push(...(p.crossChecks?.(cleaned) ?? []))
      if (problems.length > 0 || !result.success) throw new ConfigError(app, dedupe(problems))
      return result.data as never
    },
  }
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>()
  return problems.filter((p) => {
    const key = `${p.variable}\n${p.problem}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/**
 * Parses once at start. On failure prints ONE message listing every problem and
 * exits, so an operator fixes everything in one go.
 */
export function loadConfigOrExit<T>(schema: AppConfigSchema<T>, env: Env = process.env): T {
  try {
    return schema.parse(env)
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(error.message + '\n')
      process.exit(78) // EX_CONFIG
    }
    throw error
  }
}
