import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ChatWatcher } from './chaos/chats'
import { startFaults } from './chaos/faults'
import { collectFigures, formatTable } from './chaos/report'
import { chaosSettings } from './chaos/settings'
import { startStack } from './chaos/stack'
import { runTraffic } from './chaos/users'

// Benchmark (not part of `pnpm test`): BENCH_GENERATIONS generations (default 2,000) from
// many Telegram users through the built gateway and two built workers, under faults
// (Kie failures, held createTask answers, Telegram 429 bursts, workers SIGKILLed every
// few seconds, the gateway killed once, the private Redis restarted empty once). Prints
// what became of every generation and of the money. Run: see bench/README.md.
const settings = chaosSettings()

it(
  'money stays right under faults',
  async () => {
    const stack = await startStack(settings)
    const watcher = new ChatWatcher(stack.telegram)
    const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiebot-chaos-'))
    try {
      const startedAt = Date.now()
      const faults = startFaults(stack, settings, startedAt)
      let confirmed = 0
      const progress = setInterval(() => {
        void stack.db.generation.groupBy({ by: ['status'], _count: true }).then(
          (rows) => {
            const statuses = rows.map((r) => `${r.status} ${r._count}`).join(', ')
            process.stderr.write(
              `chaos ${((Date.now() - startedAt) / 1000).toFixed(0)} s: ${confirmed} confirmed; ${statuses}; ${faults.counts.workerKills} worker kills; ${stack.unexpectedExits.length} unexpected exits\n`,
            )
          },
          () => undefined,
        )
      }, 10_000)
      const traffic = await runTraffic(stack.telegram, watcher, {
        users: settings.users,
        generations: settings.generations,
        maxActive: settings.maxActive,
        doubleConfirm: settings.doubleConfirm,
        screenTimeoutMs: settings.screenTimeoutMs,
        deadlineAt: startedAt + settings.trafficDeadlineMs,
        onConfirm: (count) => {
          confirmed = count
          faults.progress(count)
        },
      })
      await faults.stop()
      const trafficMs = Date.now() - startedAt

      // drain: every generation ended (step done), then the chats quiet for 5 s, or the deadline
      const drainStart = Date.now()
      const drainDeadline = drainStart + settings.drainMs
      while (
        Date.now() < drainDeadline &&
        (await stack.db.generation.count({ where: { step: { not: 'done' } } })) > 0
      ) {
        await new Promise((r) => setTimeout(r, 2_000))
      }
      let mark = watcher.mark()
      let quietSince = Date.now()
      while (Date.now() < drainDeadline && Date.now() - quietSince < 5_000) {
        await new Promise((r) => setTimeout(r, 500))
        if (watcher.mark() !== mark) {
          mark = watcher.mark()
          quietSince = Date.now()
        }
      }
      const drainMs = Date.now() - drainStart
      clearInterval(progress)

      const figures = await collectFigures(stack, watcher, traffic, settings, faults.counts)
      const table = formatTable(figures, traffic, faults.counts, settings, { trafficMs, drainMs })
      console.log(`${table}\n\ndetails and process logs: ${logDir}`)
      fs.writeFileSync(path.join(logDir, 'table.txt'), table + '\n')
      fs.writeFileSync(
        path.join(logDir, 'details.txt'),
        [
          `faults:\n${faults.counts.log.join('\n')}`,
          `unexpected process exits:\n${stack.unexpectedExits.join('\n') || '-'}`,
          `lost:\n${figures.lostDetail.join('\n') || '-'}`,
          `duplicate deliveries:\n${figures.duplicateDetail.join('\n') || '-'}`,
          `refunded but not told:\n${figures.refundedNotToldDetail.join('\n') || '-'}`,
          `delivered, status not final:\n${figures.deliveredStatusNotFinalDetail.join('\n') || '-'}`,
          `money held > ${settings.heldSeconds} s:\n${figures.heldOverDetail.join('\n') || '-'}`,
        ].join('\n\n') + '\n',
      )

      // the targets; "refunded but not told" and "money held" are reported, not asserted:
      // they are known windows of today's code (see bench/README.md)
      expect({
        lost: figures.lost,
        duplicatesOutsideSendWindow: figures.duplicateDeliveries - figures.duplicatesInSendWindow,
        balanceMismatches: figures.balanceMismatches,
        wrongLedger: figures.wrongLedger,
        deliveredAndRefunded: figures.deliveredAndRefunded,
        generationsWithManyTasks: figures.generationsWithManyTasks,
      }).toEqual({
        lost: 0,
        duplicatesOutsideSendWindow: 0,
        balanceMismatches: 0,
        wrongLedger: 0,
        deliveredAndRefunded: 0,
        generationsWithManyTasks: 0,
      })
    } finally {
      for (const { name, output } of stack.outputs())
        fs.writeFileSync(path.join(logDir, `${name.replace('#', '-')}.log`), output)
      watcher.close()
      await stack.close()
    }
  },
  settings.trafficDeadlineMs + settings.drainMs + 600_000,
)
