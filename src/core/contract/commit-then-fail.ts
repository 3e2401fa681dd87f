import type { AppError } from './errors'

/** Thrown by a write handler that must keep its writes (e.g. a failed-login counter) and still answer an error. */
export class CommitThenFail {
  constructor(readonly error: AppError) {}
}
