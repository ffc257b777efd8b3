/* global require, process, __dirname, console */
// The baseline of bench/worker: raw BullMQ, a job going through three queues (each step a
// no-op that adds the next step's job), started by the bench as a process of its own on the
// same Redis. The same bullmq and ioredis versions as the worker's (resolved from
// apps/worker). Env: REDIS_URL, PREFIX, COUNT, CONCURRENCY (per step). Adds COUNT jobs to the
// first queue, waits until COUNT have finished the third, prints one JSON line and exits.
const path = require('node:path')

const from = { paths: [path.join(__dirname, '..', '..', 'apps', 'worker')] }
const { Queue, Worker } = require(require.resolve('bullmq', from))
const { Redis } = require(require.resolve('ioredis', from))

async function main() {
  const count = Number(process.env.COUNT)
  const concurrency = Number(process.env.CONCURRENCY)
  const prefix = process.env.PREFIX
  const connection = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: null })
  const options = { removeOnComplete: true, removeOnFail: true }
  const queues = ['step1', 'step2', 'step3'].map((name) => new Queue(name, { connection, prefix }))
  let finished = 0
  let resolveAll
  const all = new Promise((resolve) => (resolveAll = resolve))
  const workers = [
    new Worker('step1', (job) => queues[1].add('s2', job.data, options), { connection, prefix, concurrency }),
    new Worker('step2', (job) => queues[2].add('s3', job.data, options), { connection, prefix, concurrency }),
    new Worker(
      'step3',
      async () => {
        if (++finished === count) resolveAll()
      },
      { connection, prefix, concurrency },
    ),
  ]
  await Promise.all(workers.map((w) => w.waitUntilReady()))
  const cpuBefore = process.cpuUsage()
  const started = Date.now()
  for (let i = 0; i < count; i += 500)
    await queues[0].addBulk(
      Array.from({ length: Math.min(500, count - i) }, (_, k) => ({ name: 's1', data: { n: i + k }, opts: options })),
    )
  await all
  const ms = Date.now() - started
  const cpu = process.cpuUsage(cpuBefore)
  console.log(JSON.stringify({ count, ms, cpuMs: (cpu.user + cpu.system) / 1000 }))
  await Promise.all(workers.map((w) => w.close()))
  await Promise.all(queues.map((q) => q.obliterate({ force: true }).then(() => q.close())))
  connection.disconnect()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
