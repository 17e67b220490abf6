/**
 * The HTML, JSON and JUnit reports say what the terminal says of the same run, no more: a cold
 * tester of the reports found each of these saying more than the text (an interval where nothing
 * was sampled, "each checked" over skipped variants, "races 0/4" for a variant whose figures
 * were lost), or less (no coverage, no count of forbidden outcomes, empty trace objects).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockdemo, lockdemoInProcess, ROOT } from './run-built.js';

const TMP = join(ROOT, 'test/.tmp/report-agreement');
mkdirSync(TMP, { recursive: true });

/** The text of an HTML page, tags dropped and entities that matter here decoded. */
function pageText(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('a run’s HTML page', () => {
  it('under event-loop gives no interval, as the text gives none: nothing was sampled', async () => {
    const file = join(TMP, `event-loop-${process.pid}.html`);
    const r = await lockdemoInProcess(['counter', '--schedule', 'event-loop', '--trials', '50', '--html', file]);
    expect(r.code).toBe(0);
    const page = pageText(file);
    expect(r.stdout).toContain('race in every trial: all 50 trials gave one result');
    expect(page).toContain('race in every trial: all 50 trials gave one result');
    expect(page).not.toContain('95% CI');
  });

  it('has the lines the terminal prints under a variant: the smallest race and coverage', async () => {
    const file = join(TMP, `coverage-${process.pid}.html`);
    const r = await lockdemoInProcess(['counter', '--seed', '1', '--trials', '300', '--html', file]);
    const page = pageText(file);
    const coverage = /coverage: \d+ distinct interleavings in 300 trials, [\d.]+% of all 90/.exec(r.stdout)?.[0] ?? 'no coverage line';
    for (const line of ['smallest race: 2 needs 1 preemption (none with fewer, by exhaustive search)', coverage]) {
      expect(r.stdout).toContain(line);
      expect(page).toContain(line);
    }
  });

  it('draws no bar for a declared outcome that never occurred, which the text folds into one line', async () => {
    const file = join(TMP, `unseen-${process.pid}.html`);
    await lockdemoInProcess(['deadlock', '--schedule', 'exhaustive', '--variant', 'ordered', '--html', file]);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toContain('data-value="deadlock"');
    expect(pageText(file)).toContain('also declared, in no interleaving: deadlock');
  });

  it('under asyncio traces the trial that ran, not the smallest race', async () => {
    const file = join(TMP, `asyncio-${process.pid}.html`);
    await lockdemoInProcess(['counter', '--schedule', 'asyncio', '--variant', 'unlocked', '--html', file]);
    const page = pageText(file);
    expect(page).not.toContain('the smallest race');
    expect(page).toContain('trace of unlocked: first race, trial 1');
    expect(page).toContain('--replay "A B C A B C"');
  });

  it('names the bound of a preemption-bounded search among its facts', async () => {
    const file = join(TMP, `bounded-${process.pid}.html`);
    await lockdemoInProcess(['counter', '--schedule', 'exhaustive', '--preemptions', '1', '--tasks', '4', '--html', file]);
    expect(readFileSync(file, 'utf8')).toContain('<li>every interleaving with at most 1 preemption, up to 1,000,000 per variant</li>');
  });
});

describe('check’s HTML page', () => {
  it('has the lines the terminal prints under a result (the smallest race, coverage), and its command keeps --timeout', async () => {
    const file = join(TMP, `check-extras-${process.pid}.html`);
    const args = ['check', 'counter', '--variant', 'unlocked', '--max-interleavings', '10', '--trials', '300', '--timeout', '4000'];
    const r = await lockdemoInProcess([...args, '--html', file]);
    const page = pageText(file);
    const lines = r.stdout.split('\n').map((l) => l.trim());
    const smallest = lines.find((l) => l.startsWith('smallest race:')) ?? 'no smallest race line';
    const coverage = lines.find((l) => l.startsWith('coverage:')) ?? 'no coverage line';
    expect(page).toContain(smallest);
    expect(page).toContain(coverage);
    expect(page).toContain(`lockdemo ${args.join(' ')} --html ${file}`);
  });

  it('counts forbidden outcomes and deadlocks, as the terminal does', async () => {
    const file = join(TMP, `check-counts-${process.pid}.html`);
    const r = await lockdemoInProcess([
      'check',
      'test/fixtures/undeclared-forbidden.mjs',
      'deadlock',
      '--variant',
      'withdraw',
      'opposite-order',
      '--html',
      file,
    ]);
    const page = pageText(file);
    for (const line of ['forbidden outcomes in 72 of 90 interleavings', 'deadlocks in 4 of 8 interleavings, not counted as races']) {
      expect(r.stdout).toContain(line);
      expect(page).toContain(line);
    }
  });

  it('says "no figures" for a variant whose trial never came back, as the terminal does', async () => {
    const file = join(TMP, `check-stopped-${process.pid}.html`);
    const r = await lockdemoInProcess(['check', 'test/fixtures/check-busy-hang.mjs', '--timeout', '1000', '--html', file]);
    expect(r.code).toBe(1);
    const page = pageText(file);
    expect(page).toContain('FAIL · exhaustive · no figures');
    expect(page).not.toMatch(/races 0\/\d/);
  });
});

describe('the JSON', () => {
  it('names a variant with no trace, and why, rather than an empty object', async () => {
    const r = await lockdemoInProcess(['deadlock', '--schedule', 'exhaustive', '--trace-trial', '7', '--json']);
    const { traces } = JSON.parse(r.stdout) as { traces: Array<Record<string, unknown>> };
    expect(traces).toHaveLength(2);
    expect(traces[1]).toEqual({ variant: 'ordered', untraced: 'no trace, the search found only 6 interleavings (--trace-trial 7)' });
    expect(traces[0]).toMatchObject({ variant: 'opposite-order', trial: 7 });
  });

  it('marks the odds of folded values as their rows are: other, with their grade', async () => {
    const r = await lockdemoInProcess(['test/fixtures/folded-grades.mjs', '--schedule', 'exhaustive', '--json']);
    const [v] = (
      JSON.parse(r.stdout) as {
        variants: Array<{ outcomes: Array<Record<string, unknown>>; randomOdds: { outcomes: Array<Record<string, unknown>> } }>;
      }
    ).variants;
    const rows = (v?.outcomes ?? []).filter((o) => o['other'] === true).map((o) => o['grade']);
    const odds = (v?.randomOdds.outcomes ?? []).filter((o) => o['other'] === true).map((o) => o['grade']);
    expect(rows.length).toBeGreaterThan(1);
    expect(odds).toEqual(rows);
  });
});

it('a JUnit report says a skipped variant did not run, with no count of trials', async () => {
  const junit = join(TMP, `skipped-${process.pid}.xml`);
  // Without Redis, the processes scenario's Redis variants cannot run.
  await lockdemo(['check', 'processes', '--variant', 'atomic', '--junit', junit]);
  const xml = readFileSync(junit, 'utf8');
  expect(xml).toMatch(/<skipped message="[^"]+"\/>\n {6}<system-out>not run: /);
  expect(xml).not.toContain('0 of 0');
});
