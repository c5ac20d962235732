/** Where a command reads and writes, so tests can run the CLI in-process against the AWS fake. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Reads all of standard input (for --hec-token-stdin). */
  readStdin: () => Promise<string>;
  /** Whether standard error is a terminal (a progress line then redraws itself). */
  stderrIsTTY?: boolean;
  /** Asks a yes/no question; undefined when there is no terminal to ask on. */
  confirm?: (question: string) => Promise<boolean>;
}
