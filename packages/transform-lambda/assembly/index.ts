// The WebAssembly module's entry: the event scanner and the small-record gunzip share one
// linear memory, so a record inflated here is scanned where it lies.
export * from './event-scanner';
export * from './gunzip';
