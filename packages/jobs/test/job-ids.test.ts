import {
  broadcastJobId,
  broadcastRecipientJobId,
  broadcastReportJobId,
  compareJobId,
  generationJobId,
  originalJobId,
  resendJobId,
  resultJobId,
  undeliveredResendJobId,
  statusJobId,
} from '@kiebot/jobs'

// A job id is what makes adding a job twice a no-op, across deploys of both apps and the
// jobs already in Redis: each spelling is pinned.
describe('job ids', () => {
  const id = '0b6f3c1e-8a2d-4f1b-9c3e-5d7a9b1c2e4f'

  it('derives every job id as the queues already hold them', () => {
    expect(generationJobId(id)).toBe(id)
    expect(resultJobId(id)).toBe(`result-${id}`)
    expect(compareJobId(id)).toBe(`compare-${id}`)
    expect(compareJobId(id, 'owed')).toBe(`compare-${id}-owed`)
    expect(statusJobId(id, 'final')).toBe(`status-${id}-final`)
    expect(statusJobId(id, 'after-confirm')).toBe(`status-${id}-after-confirm`)
    expect(statusJobId(id, 'owed')).toBe(`status-${id}-owed`)
    expect(statusJobId(id, 'tick3')).toBe(`status-${id}-tick3`)
    expect(undeliveredResendJobId(id, 900123)).toBe(`undelivered-${id}-900123`)
    expect(resendJobId(id, 900123)).toBe(`resend-${id}-900123`)
    expect(broadcastJobId('b1')).toBe('broadcast-b1')
    expect(broadcastRecipientJobId('b1', 42n)).toBe('broadcast-b1-42')
    expect(broadcastReportJobId('b1')).toBe('broadcast-b1-report')
    expect(originalJobId(id, 2, 900123)).toBe(`original-${id}-2-900123`)
  })
})
