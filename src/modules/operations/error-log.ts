/**
 * How an error is written to the log: its type, message, code and the top of its stack. Not its
 * other properties: a database driver's error carries its whole client (about 6 KB per lost
 * connection), and a mail error the message it failed to send.
 */
export interface LoggedError {
  type: string;
  message: string;
  code?: string | number;
  stack?: string;
  cause?: LoggedError;
}

const stackLines = 8;

export function compactError(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error).slice(0, 500) };
  const logged: LoggedError = { type: error.name, message: error.message.slice(0, 2_000) };
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") logged.code = code;
  if (error.stack)
    logged.stack = error.stack
      .split("\n")
      .slice(0, stackLines + 1)
      .join("\n");
  if (error.cause !== undefined && depth < 2) logged.cause = compactError(error.cause, depth + 1);
  return logged;
}
