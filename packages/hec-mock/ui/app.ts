// The live web view at /__mock/ui: what Splunk would have indexed, as it arrives. Bundled by
// the package build (esbuild, preact and htm included) into dist/ui/app.js and served by the
// mock itself: nothing comes from another origin.
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import type { ChannelSummary } from '../src/acks/ack-tracker.js';
import type { FaultOptions } from '../src/chaos/faults.js';
import type { EventDetail, EventRow } from '../src/inspection/event-row.js';
import type { LiveStats } from '../src/inspection/live-stream.js';

/** The newest events the page holds; the server never sends more than this either. */
const MAX_ROWS = 2000;
const FILTER_KEYS = ['index', 'sourcetype', 'source', 'host'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filters = Record<FilterKey, string> & { q: string };

// The inspection token, when the mock requires one, travels in the page's own URL.
const token = new URLSearchParams(location.search).get('inspect_token');
const api = (path: string) => {
  const url = new URL(path, location.href);
  if (token) url.searchParams.set('inspect_token', token);
  return url.toString();
};

function useLiveStream() {
  const [rows, setRows] = useState<EventRow[]>([]);
  const [stats, setStats] = useState<LiveStats | undefined>();
  const [faults, setFaults] = useState<FaultOptions | undefined>();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const source = new EventSource(api('/__mock/stream'));
    const on = <T,>(event: string, handle: (data: T) => void) => source.addEventListener(event, (e) => handle(JSON.parse((e as MessageEvent<string>).data) as T));
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    on<{ events: EventRow[]; stats: LiveStats; faults: FaultOptions }>('snapshot', (data) => {
      setRows(data.events.slice(-MAX_ROWS).reverse());
      setStats(data.stats);
      setFaults(data.faults);
    });
    on<{ rows: EventRow[]; counters: LiveStats['counters'] }>('events', (batch) => {
      setRows((old) => [...batch.rows.reverse(), ...old].slice(0, MAX_ROWS));
      setStats((old) => (old ? { ...old, counters: batch.counters } : old));
    });
    on<LiveStats>('stats', setStats);
    on<FaultOptions>('faults', setFaults);
    on<{ stats: LiveStats }>('reset', (data) => {
      setRows([]);
      setStats(data.stats);
    });
    return () => source.close();
  }, []);
  return { rows, stats, faults, connected };
}

const matches = (row: EventRow, filters: Filters) =>
  FILTER_KEYS.every((k) => filters[k] === '' || row[k] === filters[k]) && (filters.q === '' || row.preview.toLowerCase().includes(filters.q.toLowerCase()));

const timeText = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString().replace('T', ' ').replace('Z', '');

function FilterBar(props: { rows: EventRow[]; filters: Filters; setFilters: (f: Filters) => void }) {
  const values = useMemo(() => Object.fromEntries(FILTER_KEYS.map((k) => [k, [...new Set(props.rows.map((r) => r[k]))].sort()])), [props.rows]);
  const set = (key: keyof Filters, value: string) => props.setFilters({ ...props.filters, [key]: value });
  return html`<div class="filters">
    ${FILTER_KEYS.map(
      (key) => html`<label>${key}
        <select data-testid=${`filter-${key}`} value=${props.filters[key]} onChange=${(e: Event) => set(key, (e.target as HTMLSelectElement).value)}>
          <option value="">all</option>
          ${(values[key] as string[]).map((v) => html`<option value=${v}>${v}</option>`)}
        </select></label>`,
    )}
    <label>search <input data-testid="filter-q" type="search" placeholder="text in the event" value=${props.filters.q} onInput=${(e: Event) => set('q', (e.target as HTMLInputElement).value)} /></label>
  </div>`;
}

function EventTable(props: { rows: EventRow[]; selected: number | undefined; select: (seq: number) => void }) {
  return html`<table class="events" data-testid="events">
    <thead><tr><th>time</th><th>index</th><th>sourcetype</th><th>source</th><th>host</th><th>channel</th><th>ackId</th><th>event</th></tr></thead>
    <tbody>
      ${props.rows.map(
        (r) => html`<tr key=${r.seq} data-testid="event-row" data-seq=${r.seq} class=${r.seq === props.selected ? 'selected' : ''} onClick=${() => props.select(r.seq)}>
          <td class="nowrap">${timeText(r.time)}</td><td>${r.index}</td><td>${r.sourcetype}</td><td>${r.source}</td><td>${r.host}</td>
          <td class="mono" title=${r.channel ?? ''}>${r.channel ? `${r.channel.slice(0, 8)}…` : '—'}</td><td>${r.ackId ?? '—'}</td>
          <td class="preview">${r.preview}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function DetailPane(props: { seq: number | undefined }) {
  const [detail, setDetail] = useState<EventDetail | { error: string } | undefined>();
  useEffect(() => {
    setDetail(undefined);
    if (props.seq === undefined) return;
    fetch(api(`/__mock/events/${props.seq}`))
      .then(async (r) => (r.ok ? ((await r.json()) as EventDetail) : { error: `event ${props.seq} is no longer kept` }))
      .then(setDetail, (e: Error) => setDetail({ error: e.message }));
  }, [props.seq]);
  if (props.seq === undefined) return html`<aside class="detail"><p class="hint">Select an event to see it whole.</p></aside>`;
  if (!detail) return html`<aside class="detail"><p class="hint">loading…</p></aside>`;
  if ('error' in detail) return html`<aside class="detail"><p class="hint">${detail.error}</p></aside>`;
  const { event: e, ackState } = detail;
  const meta: Array<[string, unknown]> = [
    ['seq', e.seq], ['time', `${e.time} (${timeText(e.time)})`], ['index', e.index], ['sourcetype', e.sourcetype], ['source', e.source],
    ['host', e.host], ['endpoint', e.endpoint], ['channel', e.channel ?? '—'], ['ackId', e.ackId ?? '—'], ['ack state', ackState],
    ['received', new Date(e.receivedAt).toISOString()],
  ];
  return html`<aside class="detail" data-testid="detail">
    <h2>Event ${e.seq}</h2>
    <table class="meta">${meta.map(([k, v]) => html`<tr><th>${k}</th><td data-testid=${`detail-${k.replace(' ', '-')}`}>${String(v)}</td></tr>`)}</table>
    ${e.fields ? html`<h3>fields</h3><pre>${JSON.stringify(e.fields, null, 2)}</pre>` : ''}
    <h3>event</h3>
    <pre data-testid="detail-json">${JSON.stringify(e.event, null, 2)}</pre>
  </aside>`;
}

function StatsPanel(props: { stats: LiveStats | undefined }) {
  const s = props.stats;
  if (!s) return html`<section class="panel"></section>`;
  const codes = Object.entries(s.counters.responsesByCode).sort(([a], [b]) => Number(a) - Number(b));
  const faults = Object.entries(s.counters.faultsInjected);
  return html`<section class="panel" data-testid="stats">
    <div><h3>responses by code</h3>${codes.length === 0 ? html`<p class="hint">none yet</p>` : html`<table>${codes.map(([c, n]) => html`<tr><th>${c}</th><td>${n}</td></tr>`)}</table>`}</div>
    <div><h3>faults injected</h3>${faults.length === 0 ? html`<p class="hint">none</p>` : html`<table>${faults.map(([f, n]) => html`<tr><th>${f}</th><td>${n}</td></tr>`)}</table>`}</div>
    <div><h3>channels (${s.channelCount})</h3>
      ${s.channels.length === 0 ? html`<p class="hint">none</p>` : html`<table data-testid="channels"><tr><th>channel</th><th>acks</th><th>pending</th><th>true, not queried</th></tr>
        ${s.channels.map((c: ChannelSummary) => html`<tr><td class="mono">${c.channel}</td><td>${c.acksIssued}</td><td>${c.pending}</td><td>${c.indexedNotQueried}</td></tr>`)}</table>`}
    </div>
  </section>`;
}

const PROBABILITIES = ['busyProbability', 'internalErrorProbability', 'dropProbability', 'ackNeverProbability'] as const;

function FaultControls(props: { faults: FaultOptions | undefined }) {
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const value = (key: keyof FaultOptions) => draft[key] ?? String(props.faults?.[key] ?? 0);
  const apply = async () => {
    const update = Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, Number(v)]));
    const answer = await fetch(api('/__mock/faults'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(update) });
    setMessage(answer.ok ? 'faults set' : ((await answer.json()) as { error: string }).error);
    if (answer.ok) setDraft({});
  };
  const reset = async () => {
    await fetch(api('/__mock/reset'), { method: 'POST' });
    setMessage('reset: events, counters, channels and faults forgotten');
  };
  return html`<section class="controls">
    ${[...PROBABILITIES, 'latencyMs' as const].map(
      (key) => html`<label>${key}<input data-testid=${`fault-${key}`} type="number" min="0" step=${key === 'latencyMs' ? 10 : 0.05} max=${key === 'latencyMs' ? undefined : 1}
        value=${value(key)} onInput=${(e: Event) => setDraft({ ...draft, [key]: (e.target as HTMLInputElement).value })} /></label>`,
    )}
    <button data-testid="apply-faults" onClick=${apply}>set faults</button>
    <button data-testid="reset" class="danger" onClick=${reset}>reset</button>
    <span class="hint" data-testid="control-message">${message}</span>
  </section>`;
}

function App() {
  const { rows, stats, faults, connected } = useLiveStream();
  const [filters, setFilters] = useState<Filters>({ index: '', sourcetype: '', source: '', host: '', q: '' });
  const [selected, setSelected] = useState<number | undefined>();
  const shown = useMemo(() => rows.filter((r) => matches(r, filters)), [rows, filters]);
  useEffect(() => {
    if (rows.length === 0) setSelected(undefined);
  }, [rows.length === 0]);
  const indexed = stats?.counters.eventsIndexed ?? 0;
  return html`<header>
      <h1>hec-mock</h1>
      <span class=${connected ? 'live on' : 'live'} data-testid="live">${connected ? 'live' : 'disconnected'}</span>
      <span data-testid="indexed-count">${indexed} events indexed</span>
      <span>${stats?.counters.requests ?? 0} requests</span>
      <span>${stats?.counters.acksIssued ?? 0} acks issued</span>
      <span data-testid="shown-count">${shown.length} shown${rows.length >= MAX_ROWS ? ` (newest ${MAX_ROWS})` : ''}</span>
    </header>
    <${FaultControls} faults=${faults} />
    <${FilterBar} rows=${rows} filters=${filters} setFilters=${setFilters} />
    <main>
      <div class="list">${shown.length === 0 ? html`<p class="hint" data-testid="empty">No events${rows.length > 0 ? ' match the filters' : ' yet: send some to /services/collector'}.</p>` : html`<${EventTable} rows=${shown} selected=${selected} select=${setSelected} />`}</div>
      <${DetailPane} seq=${selected} />
    </main>
    <${StatsPanel} stats=${stats} />`;
}

const style = document.createElement('style');
style.textContent = `
  :root { font-family: system-ui, sans-serif; font-size: 13px; color: #1d2433; background: #f6f7f9; }
  body { margin: 0; }
  header { display: flex; gap: 1.2em; align-items: baseline; padding: .6em 1em; background: #1d2433; color: #fff; }
  header h1 { font-size: 1.2em; margin: 0; }
  .live { padding: .1em .6em; border-radius: 1em; background: #8a3b3b; }
  .live.on { background: #2e7d4f; }
  .filters, .controls { display: flex; flex-wrap: wrap; gap: .8em; padding: .5em 1em; align-items: end; border-bottom: 1px solid #dde1e8; background: #fff; }
  .filters label, .controls label { display: flex; flex-direction: column; font-size: .85em; color: #5a6275; gap: .2em; }
  select, input { font: inherit; padding: .2em .3em; min-width: 9em; }
  .controls input { min-width: 6em; width: 6em; }
  button { font: inherit; padding: .3em .9em; cursor: pointer; }
  button.danger { color: #8a3b3b; }
  main { display: grid; grid-template-columns: minmax(0, 5fr) minmax(0, 3fr); gap: 0; height: 58vh; }
  .list { overflow: auto; border-right: 1px solid #dde1e8; }
  table.events { border-collapse: collapse; width: 100%; }
  table.events th { position: sticky; top: 0; background: #eef0f4; text-align: left; font-weight: 600; }
  table.events th, table.events td { padding: .25em .5em; border-bottom: 1px solid #eceef2; vertical-align: top; white-space: nowrap; }
  table.events tr { cursor: pointer; }
  table.events tbody tr:hover { background: #f0f4ff; }
  table.events tr.selected, table.events tbody tr.selected:hover { background: #c9d8ff; }
  /* The preview takes what the metadata columns leave, cut with an ellipsis. */
  .preview { font-family: ui-monospace, monospace; overflow: hidden; text-overflow: ellipsis; width: 100%; max-width: 0; }
  .mono { font-family: ui-monospace, monospace; }
  .nowrap { white-space: nowrap; }
  .detail { overflow: auto; padding: .5em 1em; background: #fff; }
  .detail h2 { font-size: 1.1em; margin: .3em 0; }
  .detail h3, .panel h3 { font-size: .95em; margin: .8em 0 .3em; }
  .meta th { text-align: left; color: #5a6275; font-weight: 500; padding-right: 1em; }
  pre { background: #f3f4f7; padding: .6em; overflow: auto; max-height: 30vh; margin: 0; }
  .panel { display: flex; gap: 3em; padding: .3em 1em 1em; border-top: 1px solid #dde1e8; background: #fff; }
  .panel th { text-align: left; font-weight: 500; padding-right: 1em; }
  .hint { color: #7a8194; }
`;
document.head.append(style);
render(html`<${App} />`, document.getElementById('app') as HTMLElement);
