import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseSearch, runSearch, SPL_SUBSET, UnsupportedSearchError } from '../../src/splunk-compat/spl-search.js';
import type { StoredEvent } from '../../src/store/event-store.js';

const NOW = 1_780_000_000;
let seq = 0;
function event(fields: Partial<StoredEvent>): StoredEvent {
  seq++;
  return { seq, time: NOW - 100, host: 'web-1', source: 'app.log', sourcetype: 'app', index: 'main', event: `event ${seq}`, receivedAt: NOW * 1000, endpoint: 'event', ...fields } as StoredEvent;
}
const search = (text: string, events: StoredEvent[], earliest?: string, latest?: string) => runSearch(parseSearch(text, NOW, earliest, latest), events, 'hec-mock');

describe('the SPL subset over indexed events', () => {
  const events = [
    event({ event: 'GET /login 200', sourcetype: 'access_combined', host: 'web-1', time: NOW - 3600 }),
    event({ event: 'GET /logout 302', sourcetype: 'access_combined', host: 'web-2', time: NOW - 60 }),
    event({ event: { level: 'error', msg: 'disk full' }, sourcetype: 'app:json', index: 'ops', host: 'db-1', time: NOW - 30 }),
    event({ event: 'kernel: eth0 up', sourcetype: 'syslog', index: 'main', host: 'router', time: NOW - 10, fields: { region: 'eu-west-1', tags: ['a', 'b'] } }),
  ];

  it('searches only main without index=, newest first, every value a string', () => {
    const results = search('search *', events);
    expect(results.map((r) => r._raw)).toEqual(['kernel: eth0 up', 'GET /logout 302', 'GET /login 200']);
    expect(results[0]).toMatchObject({ index: 'main', host: 'router', sourcetype: 'syslog', region: 'eu-west-1', tags: 'a\nb', splunk_server: 'hec-mock', linecount: '1' });
    expect(results[0]?._time).toBe(new Date((NOW - 10) * 1000).toISOString().replace('Z', '+00:00'));
  });

  it('matches index, sourcetype, source and host with wildcards, case-insensitively', () => {
    expect(search('search index=* sourcetype=access_*', events)).toHaveLength(2);
    expect(search('search index=OPS', events).map((r) => r.host)).toEqual(['db-1']);
    expect(search('search index=* host=web-*', events).map((r) => r.host)).toEqual(['web-2', 'web-1']);
    expect(search('search index=main source="app.log" host=router', events)).toHaveLength(1);
  });

  it('matches bare terms and quoted phrases anywhere in the event, JSON events as their text', () => {
    expect(search('search GET 302', events).map((r) => r._raw)).toEqual(['GET /logout 302']);
    expect(search('search index=ops "disk full"', events)[0]?._raw).toBe('{"level":"error","msg":"disk full"}');
    expect(search('search log*', events)).toHaveLength(2);
  });

  it('bounds by earliest and latest, in the search or as earliest_time/latest_time', () => {
    expect(search('search earliest=-5m', events)).toHaveLength(2);
    expect(search('search earliest=-2h latest=-5m', events)).toHaveLength(1);
    expect(search('search', events, '-15s', 'now')).toHaveLength(1);
    expect(search(`search earliest=${NOW - 61}`, events)).toHaveLength(2);
  });

  it('takes the newest N with head, counts with stats count and stats count by a field', () => {
    expect(search('search index=* | head 2', events).map((r) => r.host)).toEqual(['router', 'db-1']);
    expect(search('search index=* | stats count', events)).toEqual([{ count: '4' }]);
    expect(search('search index=* | stats count by sourcetype', events)).toEqual([
      { sourcetype: 'access_combined', count: '2' },
      { sourcetype: 'app:json', count: '1' },
      { sourcetype: 'syslog', count: '1' },
    ]);
    expect(search('search index=nothing | stats count', events)).toEqual([{ count: '0' }]);
  });

  it.each([
    ['search foo OR bar', '"OR"'],
    ['search index=main | eval x=1', '| eval x=1'],
    ['search status=200', '"status"'],
    ['search earliest=yesterday', '"yesterday"'],
    ['search "unclosed', 'unclosed'],
    ['search * | stats avg(x)', 'stats avg(x)'],
  ])('refuses %s with an error that names the subset', (text, detail) => {
    let error: unknown;
    try {
      parseSearch(text, NOW);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsupportedSearchError);
    expect((error as UnsupportedSearchError).code).toBe('UNSUPPORTED_SEARCH');
    expect((error as Error).message).toContain(detail);
    expect((error as Error).message).toContain(SPL_SUBSET);
  });

  it('agrees with itself: stats count is the number of events, head N at most N of them, in the same order', () => {
    const arbitraryEvent = fc.record({
      index: fc.constantFrom('main', 'ops', 'web'),
      sourcetype: fc.constantFrom('a', 'b', 'c:d'),
      host: fc.constantFrom('h1', 'h2'),
      event: fc.string({ maxLength: 20 }),
      time: fc.integer({ min: NOW - 1000, max: NOW }),
    });
    fc.assert(
      fc.property(fc.array(arbitraryEvent, { maxLength: 30 }), fc.constantFrom('index=*', 'index=main', 'sourcetype=c*', 'host=h1 index=*', 'earliest=-500s index=*'), fc.nat(40), (raw, filter, n) => {
        const stored = raw.map((r) => event(r));
        const all = search(`search ${filter}`, stored);
        expect(search(`search ${filter} | stats count`, stored)).toEqual([{ count: String(all.length) }]);
        expect(search(`search ${filter} | head ${n}`, stored)).toEqual(all.slice(0, n));
        const byHost = search(`search ${filter} | stats count by host`, stored);
        expect(byHost.reduce((sum, r) => sum + Number(r.count), 0)).toBe(all.length);
        for (let i = 1; i < all.length; i++) expect(Date.parse(all[i - 1]!._time!)).toBeGreaterThanOrEqual(Date.parse(all[i]!._time!));
      }),
    );
  });
});
