import { callbackData as cb, type ResultTask } from '@kiebot/jobs'
import type { OutputKind } from '@kiebot/models'
import { inputTargets, inputTasks } from '@kiebot/telegram'
import type { BotContext } from '../../bot/context'
import { button, escapeHtml, menuButton, rows, type Screen } from '../../ui'

/** "Use as input": what this result can go on to (edit, animate, upscale...). */
export function useTasksScreen(
  ctx: BotContext,
  generation: { id: string; modelId: string },
  index: number,
  kind: OutputKind,
): Screen {
  const generationId = generation.id
  const tasks = inputTasks(kind, generation.modelId)
  if (tasks.length === 0) return { text: ctx.t('results.use_none'), keyboard: [[menuButton(ctx)]] }
  return {
    text: ctx.t('results.use_title', { kind: ctx.t(`results.kind.${kind}`) }),
    keyboard: [
      ...rows(
        tasks.map((task) => button(ctx.t(`results.task.${task}`), cb.resultUseTask(generationId, index, task))),
        2,
      ),
      [menuButton(ctx)],
    ],
  }
}

/** The models of one task that take this result, among those offered now. */
export function useModelsScreen(
  ctx: BotContext,
  generation: { id: string; modelId: string },
  index: number,
  kind: OutputKind,
  task: ResultTask,
  offered: ReadonlySet<string>,
): Screen {
  const generationId = generation.id
  const buttons = inputTargets(kind, generation.modelId).flatMap((target, position) =>
    target.task === task && offered.has(target.model.slug)
      ? [button(target.model.name[ctx.lang], cb.resultUseModel(generationId, index, position))]
      : [],
  )
  if (buttons.length === 0)
    return {
      text: ctx.t('results.use_none'),
      keyboard: [[button(ctx.t('btn.back'), cb.resultUse(generationId, index)), menuButton(ctx)]],
    }
  return {
    text: ctx.t('results.task_title', { task: escapeHtml(ctx.t(`results.task.${task}`)) }),
    keyboard: [...rows(buttons, 2), [button(ctx.t('btn.back'), cb.resultUse(generationId, index)), menuButton(ctx)]],
  }
}
