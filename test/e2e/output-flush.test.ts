import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, shell } from './run-built.js';

// A --json report over 1 MB: many times the 64 KB a pipe holds.
const RUN = `${BIN} test/fixtures/large-json.mjs --trials 2000 --seed 1 --json`;
const dir = mkdtempSync(join(tmpdir(), 'lockdemo-flush-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// With perl, a run that lasts starts the reader watch (reader-watch.ts); without it, nothing
// else touches stdout. PATH without perl: lockdemo starts its workers with its own node.
const WITH_PERL = `"${process.execPath}"`;
const WITHOUT_PERL = `PATH=/nonexistent "${process.execPath}"`;

describe.concurrent('output through a pipe (the built CLI)', () => {
  for (const [label, node] of [
    ['with perl on PATH', WITH_PERL],
    ['without perl on PATH', WITHOUT_PERL],
  ] as const) {
    it(`a slow reader gets every byte of a >1 MB report, and the exit code is the verdict's (${label})`, async () => {
      const file = join(dir, `${label.replaceAll(' ', '-')}.json`);
      const toFile = await shell(`${node} ${RUN} > ${file}; echo "status $?"`);
      expect(toFile.stdout).toBe('status 0\n');
      const bytes = readFileSync(file).length;
      expect(bytes).toBeGreaterThan(1 << 20);
      // The reader starts reading only after a second: every write beyond the pipe's 64 KB waits.
      const piped = await shell(`${node} ${RUN} | sh -c 'sleep 1; wc -c'; echo "status \${PIPESTATUS[0]}"`);
      expect(piped.stdout).toBe(`${bytes}\nstatus 0\n`);
      expect(piped.stderr).toBe('');
    }, 60_000);

    // Without perl, stdout stays non-blocking: the write returns and waits in Node.js, which the
    // test sees (64 KB written). With perl's reader watch the write blocks in the kernel instead,
    // and the signal is handled once it returns, with every byte out: nothing to cut short there.
    if (label === 'without perl on PATH')
      it(`Ctrl-C while the output waits for a slow reader never cuts it short (${label})`, async () => {
        const base = join(dir, `sigint-${label.replaceAll(' ', '-')}`);
        // The reader reads only once the signal has been sent; the signal is sent once lockdemo has
        // written 64 KB (its JSON comes only when the run is over), so it comes while the rest of
        // the output waits for the pipe.
        const r = await shell(
          `( ${node} ${RUN} 2> ${base}.err & echo $! > ${base}.pid; wait $!; echo $? > ${base}.status ) | ` +
            `(while [ ! -f ${base}.go ]; do sleep 0.05; done; cat > ${base}.json) & ` +
            `until [ -s ${base}.pid ]; do sleep 0.05; done; pid=$(cat ${base}.pid); ` +
            // At most 8 s: a machine too busy (or a blocking write, see below) to get there sends the signal during the run instead.
            `for ((i = 0; i < 160; i++)); do [ "$(awk '/^wchar/ {print $2}' /proc/$pid/io 2>/dev/null || echo 0)" -ge 65536 ] && break; sleep 0.05; done; ` +
            `kill -INT $pid; sleep 0.3; touch ${base}.go; wait; echo done`,
        );
        expect(r.stdout).toBe('done\n');
        const status = readFileSync(`${base}.status`, 'utf8');
        const err = readFileSync(`${base}.err`, 'utf8');
        // Whole, either way: the old exit cut it at 64 KB, which no JSON parser accepts.
        const report = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as { interrupted: boolean };
        if (status === '0\n') {
          // Node.js may write to a pipe in one blocking call: then the signal is taken only once
          // every byte is out, as the run exits, and there is nothing left to say.
          expect(['', 'lockdemo: the run is over; writing the rest of its output (Ctrl-C again to quit at once)\n']).toContain(err);
          expect(report.interrupted).toBe(false);
        } else {
          expect(status).toBe('130\n');
          expect(err).toMatch(/^lockdemo: stopping: the summary of the trials that came back follows/);
          expect(report.interrupted).toBe(true);
        }
      }, 60_000);

    it(`a reader that leaves early still ends the run at once, with 74 (${label})`, async () => {
      const r = await shell(`${node} ${RUN} | head -c 100 > /dev/null; echo "status \${PIPESTATUS[0]}"`);
      expect(r.stdout).toBe('status 74\n');
      expect(r.stderr).toBe('');
    }, 60_000);
  }
});
