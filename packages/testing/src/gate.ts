/**
 * A point a test holds its work at, or waits for: `wait` settles with the value given to
 * `open` (once; later calls change nothing). E.g. a transaction that keeps its connection
 * until the test has seen what it wanted, and tells the test it is inside.
 */
export function gate<T = void>(): { wait: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void
  const wait = new Promise<T>((resolve) => (open = resolve))
  return { wait, open }
}

/** What a promise rejects with; the test fails if it resolves instead. */
export function rejectionOf(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => {
      throw new Error('expected a failure, the call succeeded')
    },
    (error: unknown) => error,
  )
}
