import type { PutOutcome, ReingestEntry, ReingestSender } from '../src/reingest/reingest.js';

/** A sender that records what it was given and fails the entries `failWhen` picks. */
export function fakeSender(failWhen: (entry: ReingestEntry, call: number) => boolean = () => false) {
  const calls: ReingestEntry[][] = [];
  const accepted: ReingestEntry[] = [];
  const sender: ReingestSender = {
    description: 'fake:Put',
    async put(entries): Promise<PutOutcome> {
      calls.push([...entries]);
      const failed: PutOutcome['failed'] = [];
      entries.forEach((entry, index) => {
        if (failWhen(entry, calls.length)) failed.push({ index, code: 'ServiceUnavailableException', message: 'slow down' });
        else accepted.push(entry);
      });
      return { failed };
    },
  };
  return { sender, calls, accepted };
}
