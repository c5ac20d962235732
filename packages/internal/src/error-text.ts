/** The message of anything thrown: an Error's message, or the value as text. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  const e = error as { message?: unknown } | null | undefined;
  return typeof e?.message === 'string' ? e.message : String(error);
}

/**
 * `Name: message` of anything thrown, as a log line or an error report shows it. AWS SDK
 * errors name the service's error code (ThrottlingException, NoSuchEntity, ...), which is
 * the part a reader acts on, so the name is kept.
 */
export function errorText(error: unknown): string {
  const e = error as { name?: unknown; Code?: unknown } | null | undefined;
  const name = typeof e?.name === 'string' ? e.name : typeof e?.Code === 'string' ? e.Code : 'Error';
  return `${name}: ${errorMessage(error)}`;
}
