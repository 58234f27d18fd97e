/** Errors from talking to the console, each phrased so the admin knows what to do next. */
export class ConsoleError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ConsoleError';
  }
}

export class SessionExpiredError extends ConsoleError {
  constructor() {
    super('Your console session has expired. Sign in to the console again (reload the page), then retry.', 'SESSION_EXPIRED', 401);
  }
}

export class RetryBudgetSpentError extends ConsoleError {
  constructor(what: string, seconds: number) {
    super(
      `The console kept refusing requests (${what}) for ${seconds} s, so the extension stopped. ` +
        'The tenant may be under heavy provisioning load: try again in a few minutes.',
      'RETRY_BUDGET_SPENT',
    );
  }
}

/** A create got no answer (dropped connection, 5xx): it may or may not have happened. */
export class WriteOutcomeUnknownError extends ConsoleError {
  constructor(status?: number) {
    super(
      `The console did not confirm the create (${status ? `HTTP ${status}` : 'connection dropped'}); it was not sent again, so that nothing is created twice.`,
      'WRITE_OUTCOME_UNKNOWN',
      status,
    );
  }
}

export class CancelledError extends ConsoleError {
  constructor() {
    super('Cancelled.', 'CANCELLED');
  }
}

export function isFatal(e: unknown): boolean {
  return e instanceof SessionExpiredError || e instanceof RetryBudgetSpentError || e instanceof CancelledError;
}
