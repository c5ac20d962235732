const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when a channel id is a GUID, which HEC requires. */
export function isValidChannel(channel: string): boolean {
  return GUID.test(channel);
}
