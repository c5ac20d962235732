#!/usr/bin/env node
import { createInterface } from 'node:readline/promises';
import { hideBin } from 'yargs/helpers';
import { main } from './main.js';

const interactive = process.stdin.isTTY && process.stderr.isTTY;
const code = await main(hideBin(process.argv), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  stderrIsTTY: process.stderr.isTTY === true,
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  ...(interactive
    ? {
        confirm: async (question: string) => {
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          const answer = await rl.question(`${question} [y/N] `);
          rl.close();
          return /^y(es)?$/i.test(answer.trim());
        },
      }
    : {}),
});
process.exitCode = code;
