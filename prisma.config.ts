import path from 'node:path'
import { defineConfig } from 'prisma/config'
import { PrismaPg } from '@prisma/adapter-pg'

// Prisma's CLI cannot download native engines here; this config makes it use the
// bundled WebAssembly schema engine through the pg driver adapter.
// See docs/decisions.md ("Prisma offline").
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  async adapter() {
    // A short idle timeout lets the CLI exit promptly instead of holding the pool 10 s.
    return new PrismaPg({ connectionString: process.env.DATABASE_URL!, idleTimeoutMillis: 200 })
  },
})
