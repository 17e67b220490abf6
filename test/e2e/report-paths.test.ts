/**
 * `--html` and `--junit` name files that lockdemo writes after the work. Before any work starts,
 * a path is refused (exit 2, one line, nothing written) when it cannot be written or must not be:
 * a file there that lockdemo did not write (the scenario module itself, a typo away), or a folder
 * that does not take a new file although its access bits say it does (/proc).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HTML_REPORT_START, OLDER_HTML_REPORT_START } from '../../src/cli/html/report-start.js';
import { lockdemoInProcess, ROOT } from './run-built.js';

const TMP = join(ROOT, 'test/.tmp/report-paths');
mkdirSync(TMP, { recursive: true });

describe('a report path that must not be written', () => {
  it.each([
    ['--html', ['counter', '--trials', '10'], 'mjs', "export default 'the user’s own work';\n"],
    ['--junit', ['check', 'counter'], 'mjs', "export default 'the user’s own work';\n"],
    // A project's own page begins as most web pages do (Vite's index.html, any page Prettier formatted).
    ['--html', ['counter', '--trials', '10'], 'html', '<!doctype html>\n<html lang="en">\n  <head>\n    <title>My app</title>\n'],
    ['--junit', ['check', 'counter'], 'xml', '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="jest tests">\n'],
  ])('%s over a file lockdemo did not write (.%s): refused, the file intact', async (flag, args, extension, source) => {
    const victim = join(TMP, `victim${flag}.${extension}`);
    writeFileSync(victim, source);
    const r = await lockdemoInProcess([...args, flag, victim]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^lockdemo: cannot write the (HTML|JUnit) report to .*: a file is there that is not a report lockdemo wrote; remove it, or give another name\n$/,
    );
    expect(readFileSync(victim, 'utf8')).toBe(source);
  });

  it.each([
    ['--html', ['counter', '--trials', '10'], '<!doctype html>'],
    ['--junit', ['check', 'counter'], '<?xml'],
  ])('%s over a report it wrote, or an empty file: replaced', async (flag, args, start) => {
    const file = join(TMP, `again${flag}.out`);
    writeFileSync(file, '');
    for (let run = 0; run < 2; run++) {
      const r = await lockdemoInProcess([...args, flag, file]);
      expect(r.code).toBe(0);
      expect(readFileSync(file, 'utf8').startsWith(start)).toBe(true);
    }
  });

  it('--html over a report of lockdemo 0.1.0, which had no generator line: replaced', async () => {
    const file = join(TMP, 'older.html');
    writeFileSync(file, `${OLDER_HTML_REPORT_START}counter</title>\n`);
    const r = await lockdemoInProcess(['counter', '--trials', '10', '--html', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(file, 'utf8').startsWith(HTML_REPORT_START)).toBe(true);
  });

  it.skipIf(!existsSync('/proc/self'))('a folder that takes no new file (/proc): refused before any work', async () => {
    const r = await lockdemoInProcess(['counter', '--trials', '10', '--html', '/proc/lockdemo-report.html']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'lockdemo: cannot write the HTML report to /proc/lockdemo-report.html: the folder /proc does not take a new file (ENOENT: no such file or directory)\n',
    );
  });
});
