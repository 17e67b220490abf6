import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockdemo, lockdemoInProcess, ROOT } from './run-built.js';

/** A strict-enough XML well-formedness check: balanced tags, quoted attributes, valid entities. */
function assertWellFormedXml(text: string): void {
  const body = text.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  expect(body).not.toBe(text);
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>/g;
  const stack: string[] = [];
  let last = 0;
  let roots = 0;
  for (let m = tag.exec(body); m !== null; m = tag.exec(body)) {
    const between = body.slice(last, m.index);
    expect(between, `text before <${m[2]}>`).not.toMatch(/[<>]/);
    expect(between.replace(/&(?:amp|lt|gt|quot|apos);/g, '')).not.toContain('&');
    last = tag.lastIndex;
    const [, closing, name, , selfClosing] = m;
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    }
  }
  expect(body.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
}

describe('lockdemo list', () => {
  it('lists every scenario with its summary and variants, races marked', async () => {
    const r = await lockdemoInProcess(['list']);
    expect(r.code).toBe(0);
    for (const name of ['bank', 'cache', 'counter', 'deadlock', 'inventory', 'lazy-init', 'processes', 'read-only', 'threads']) {
      expect(r.stdout).toMatch(new RegExp(`^${name}\\s+\\S`, 'm'));
    }
    // Wrapped at 80 columns, never inside a word or a "(races allowed)".
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(
      'variants: unlocked (races allowed), locked, split-lock (races allowed), single-flight',
    );
    expect(r.stdout).toContain('variants: unlocked, locked\n'); // read-only: no race allowed anywhere
  });

  it('--json gives the same as data', async () => {
    const list = JSON.parse((await lockdemoInProcess(['list', '--json'])).stdout) as Array<{
      name: string;
      variants: Array<{ name: string; races: string; summary: string }>;
    }>;
    expect(list.map((s) => s.name)).toEqual([
      'bank',
      'cache',
      'counter',
      'deadlock',
      'inventory',
      'lazy-init',
      'processes',
      'read-only',
      'threads',
    ]);
    const deadlock = list.find((s) => s.name === 'deadlock')!.variants;
    expect(deadlock.map(({ name, races }) => ({ name, races }))).toEqual([
      { name: 'opposite-order', races: 'allowed' },
      { name: 'ordered', races: 'forbidden' },
    ]);
    for (const v of deadlock) expect(typeof v.summary === 'string' && v.summary.length > 0, v.name).toBe(true);
  });
});

describe('lockdemo check', () => {
  // The variants of real concurrency whose races are allowed: whether a race shows up in their
  // trials depends on how the OS schedules threads and processes. Their scenarios make a race
  // practically certain (threads overlap by construction; processes interleave 80 cycles of file
  // I/O; the arguments are in their headers), but no bound on their race count holds under every
  // load, so these lines may say PASS or FLAG (FLAG is the honest report of a demonstration that
  // showed nothing). Everything else holds under any load and is asserted exactly: each
  // controlled scenario is explored exhaustively (deterministic), and a variant that forbids
  // races (atomic, locked, os-lock) never loses an update, however the OS schedules it.
  const LOAD_DEPENDENT = ['threads › unlocked', 'processes › unlocked', 'processes › in-process-lock'];
  const NEED_REDIS = ['processes › redis-lock', 'processes › atomic'];

  it('passes on every built-in, one line per variant, exit 0', async () => {
    const r = await lockdemo(['check']);
    const lines = [...r.stdout.matchAll(/^(PASS|FLAG|FAIL|SKIP) {2}(\S+ › \S+)/gm)].map((m) => ({ status: m[1], variant: m[2] }));
    expect(lines).toHaveLength(26);
    for (const { status, variant } of lines) {
      if (LOAD_DEPENDENT.includes(variant ?? '')) expect(['PASS', 'FLAG'], variant).toContain(status);
      else if (NEED_REDIS.includes(variant ?? '')) expect(status, variant).toBe('SKIP');
      else expect(status, variant).toBe('PASS');
    }
    expect(r.code).toBe(0);
    const flagged = lines.filter((l) => l.status === 'FLAG').length;
    // A line wider than 80 columns continues on the next, indented under the name.
    expect(r.stdout).toMatch(/^PASS {2}counter › unlocked\s+exhaustive {2}races 84\/90 interleavings\s+\(races allowed\)$/m);
    expect(r.stdout).toMatch(/^PASS {2}threads › atomic\s+event-loop {2}races 0\/\d+ trials\s+\(races forbidden\)$/m);
    expect(r.stdout).toMatch(/^SKIP {2}processes › redis-lock\s+needs Redis: give --redis <url> or set\s+LOCKDEMO_REDIS_URL$/m);
    expect(r.stdout).toContain(`${24 - flagged} passed, 0 failed, ${flagged} flagged, 2 skipped · 9 scenarios, 26 variants`);
    expect(r.stderr).toBe('');
  });

  it('fails a broken user scenario with exit 1 and a replay string that reproduces the failure', async () => {
    const r = await lockdemoInProcess(['check', 'counter', 'test/fixtures/broken-lock.mjs']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}broken-lock › locked\s+exhaustive/m);
    expect(r.stdout).toContain('first forbidden: 2 (an update was lost)');
    const replay = /replay:\s+lockdemo (test\/fixtures\/broken-lock\.mjs) --variant locked --replay "([A-C ]+)"/.exec(r.stdout)!;
    const again = await lockdemoInProcess([replay[1]!, '--variant', 'locked', '--replay', replay[2]!]);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/result 2 — forbidden: an update was lost/);
    expect(r.stdout).toContain('2 passed, 1 failed, 0 flagged');
  });

  it('flags a variant that allows races and showed none, without failing', async () => {
    const r = await lockdemoInProcess(['check', 'cache', '--tasks', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^FLAG {2}cache › unlocked/m);
    expect(r.stdout).toContain('allows races but showed none: as a demonstration it demonstrates nothing');
  });

  it('--json and --junit report the same verdicts; the XML is well-formed with the right counts', async () => {
    const dir = join(tmpdir(), `lockdemo-junit-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'report.xml');
    const r = await lockdemoInProcess(['check', 'counter', 'deadlock', 'test/fixtures/broken-lock.mjs', '--json', '--junit', file]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as {
      verdict: string;
      passed: number;
      failed: number;
      results: Array<{ status: string; replay?: string }>;
    };
    expect(doc).toMatchObject({ verdict: 'fail', passed: 4, failed: 1 });
    expect(doc.results.find((x) => x.status === 'fail')!.replay).toMatch(/--replay "/);
    const xml = readFileSync(file, 'utf8');
    assertWellFormedXml(xml);
    expect(xml).toMatch(/<testsuites name="lockdemo check" tests="5" failures="1" errors="0"/);
    expect(xml).toMatch(/<testsuite name="counter" tests="2" failures="0"/);
    expect(xml).toMatch(/<testsuite name="broken-lock" tests="1" failures="1"/);
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toContain('replay: lockdemo test/fixtures/broken-lock.mjs --variant locked --replay &quot;');
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses seeded random trials when a variant has too many interleavings and the first ones show nothing', async () => {
    const r = await lockdemoInProcess(['check', 'counter', '--tasks', '6', '--max-interleavings', '500', '--trials', '3000']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/counter › locked\s+random {6}races 0\/3,000 trials/);
    // The unlocked counter's races are allowed: met in the first 500, they decide nothing.
    expect(r.stdout).toMatch(/counter › unlocked\s+random {6}races [\d,]+\/3,000 trials/);
  });

  it('fails a variant whose trial never comes back, undecided: not as a forbidden outcome, even where hangs are allowed', async () => {
    const [text, json] = await Promise.all([
      lockdemoInProcess(['check', 'test/fixtures/hostile/hang-allowed.mjs']),
      lockdemoInProcess(['check', 'test/fixtures/hostile/hang-allowed.mjs', '--json']),
    ]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      /^FAIL {2}hang-allowed › only .*\n {6}stopped: interleaving 1 did not come back within 5000 ms, and a check\s+cannot go past it\n/,
    );
    expect(text.stdout).not.toContain('forbidden:');
    const result = (JSON.parse(json.stdout) as { results: Array<Record<string, unknown>> }).results[0];
    expect(result).toMatchObject({ status: 'fail', forbiddenCount: 0, stopped: { trial: 1, limitMs: 5000 } });
    expect(result).not.toHaveProperty('firstForbidden');
  }, 30_000);

  it('checks only the targets that have the --variant asked for, and counts only those', async () => {
    const r = await lockdemo(['check', 'counter', 'processes', '--variant', 'locked'], { LOCKDEMO_REDIS_URL: '' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\n1 passed, 0 failed, 0 flagged · 1 scenario, 1 variant\n$/);
    const none = await lockdemo(['check', 'processes', '--variant', 'redis-lock', '--json'], { LOCKDEMO_REDIS_URL: '' });
    expect(none.code).toBe(2);
    expect((JSON.parse(none.stdout) as { verdict: string }).verdict).toBe('incomplete');
  });

  it("never calls a search a proof when one task's own strands were ready at once (their orders are not explored)", async () => {
    const file = 'test/fixtures/strands/parallel-io-proof.mjs';
    const [check, run, json] = await Promise.all([
      lockdemoInProcess(['check', file]),
      lockdemoInProcess([file, '--schedule', 'exhaustive']),
      lockdemoInProcess([file, '--schedule', 'exhaustive', '--json']),
    ]);
    expect(check.stdout).toContain("not every order of one task's own strands (ready at once): not a proof");
    expect(run.stdout).toMatch(/every order of the tasks explored, but not every order of one task's own\s+strands/);
    expect(run.stdout).not.toContain('every interleaving explored');
    expect(run.stdout).toContain('pass: every variant met its declaration, within the bounds above');
    const report = JSON.parse(json.stdout) as { variants: Array<{ strandOrdersUnexplored?: boolean; randomOdds?: unknown }> };
    expect(report.variants[0]).toMatchObject({ strandOrdersUnexplored: true });
    expect(report.variants[0]).not.toHaveProperty('randomOdds');
  });

  it('prints no replay line or trace under asyncio when a task ran strands at once, and says why', async () => {
    // A replay runs in the model, where the two sleepers resume oldest first: "hello ann", the
    // other value (see test/unit/strand-orders.test.ts). So no line may offer one.
    const file = 'test/fixtures/strands/parallel-io-proof.mjs';
    const [run, traced, check] = await Promise.all([
      lockdemoInProcess([file, '--schedule', 'asyncio']),
      lockdemoInProcess([file, '--schedule', 'asyncio', '--trace']),
      lockdemoInProcess(['check', file, '--schedule', 'asyncio']),
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('hello nobody');
    // A JavaScript async function starts at once, a CPython task a turn later: no claim of CPython's order.
    expect(run.stdout).not.toContain("CPython's loop gives this every time");
    expect(run.stdout).toMatch(/a task ran several of its\s+own strands at once \(Promise\.all\), and their order is lockdemo's/);
    expect(run.stdout).toMatch(
      /no replay line: a task ran several of its own strands at once, which a replay\s+\(the model, with no clock\)/,
    );
    for (const r of [run, traced, check]) expect(r.stdout).not.toContain('--replay');
    expect(traced.stdout).toMatch(/handler: no trace: a task ran several of its own strands at once, and a replay\s+would not resume/);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("a task ran strands at once (Promise.all): lockdemo's order, not CPython's");
    expect(check.stdout).toContain('no replay: the model may resume those strands in another order');
  });

  it('traces under asyncio the trial that ran, the lesson, not the smallest race (another interleaving)', async () => {
    // Before, --trace printed "A A C B B C", ending in 2, under a table that says CPython gives 1 every time.
    const r = await lockdemoInProcess(['counter', '--schedule', 'asyncio', '--variant', 'unlocked', '--trace']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('trace of unlocked, trial 1\n  replay: "A B C A B C"\n');
    expect(r.stdout).toMatch(/result 1 — race: 2 updates lost/);
    expect(r.stdout).not.toContain('trace of unlocked, the smallest race');
  });

  it("check under asyncio says where its result is lockdemo's model, and why a failure has no replay", async () => {
    const [audit, io, json] = await Promise.all([
      lockdemoInProcess(['check', 'test/fixtures/unawaited-yield.mjs', '--schedule', 'asyncio']),
      lockdemoInProcess(['check', 'test/fixtures/http-visits.mjs', '--variant', 'locked', '--schedule', 'asyncio']),
      lockdemoInProcess(['check', 'test/fixtures/unawaited-yield.mjs', 'test/fixtures/http-visits.mjs', '--schedule', 'asyncio', '--json']),
    ]);
    // CPython gives "2 counted" too (python3: the counts land in the turns before the loop stops).
    expect(audit.code, audit.stderr).toBe(1);
    expect(audit.stdout).toContain('first forbidden: 2 counted (not declared by the scenario)');
    expect(audit.stdout).toContain('no replay: the model does not run what went on after the tasks returned');
    expect(audit.stdout).not.toContain('--replay');
    expect(io.code, io.stderr).toBe(0);
    expect(io.stdout).toContain("real I/O (t.io): lockdemo's model; in CPython the order depends on timing");
    const results = (JSON.parse(json.stdout) as { results: Array<Record<string, unknown>> }).results;
    expect(results.find((r) => r.scenario === 'unawaited-yield')).toMatchObject({ unawaitedWork: true });
    for (const r of results.filter((r) => r.scenario === 'http-visits')) expect(r).toMatchObject({ realIo: true });
  });

  it('fails on a forbidden outcome that a search cut short found, with its replay', async () => {
    const r = await lockdemoInProcess(['check', 'test/fixtures/first-interleavings.mjs', '--max-interleavings', '2000']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}first-interleavings › v {2}exhaustive {2}races 0\/2,000 interleavings/);
    expect(r.stdout).toContain('first forbidden: 1 (not declared by the scenario)');
    expect(r.stdout).toMatch(/replay: lockdemo test\/fixtures\/first-interleavings\.mjs --variant v \\\n\s+--replay "A A A A A A H/);
  });

  it.each([
    [['check', 'countr'], 2, /^lockdemo: unknown scenario "countr"/],
    [['check', 'test/fixtures/missing.mjs'], 3, /^lockdemo: cannot load test\/fixtures\/missing\.mjs: file not found/],
    [['check', 'test/fixtures/not-a-scenario.mjs'], 3, /its default export is not a scenario/],
    [['check', '--junit', '/nonexistent-dir/x.xml', 'counter'], 2, /^lockdemo: cannot write the JUnit report to \/nonexistent-dir\/x\.xml/],
  ])('%j exits %i with one line', async (args, code, message) => {
    const r = await lockdemoInProcess(args);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('lockdemo init', () => {
  it('writes a template that runs green as it is, and passes check', async () => {
    const dir = join(tmpdir(), `lockdemo-init-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'x.mjs');
    const init = await lockdemo(['init', file]);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(`wrote ${file}`);
    expect(existsSync(file)).toBe(true);
    // Outside any project: the template's import of 'lockdemo' resolves to the running lockdemo.
    const run = await lockdemo([file, '--trials', '500', '--seed', '1', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { variants: Array<{ name: string; raceCount: number; verdict: string }> };
    expect(report.variants.map((v) => [v.name, v.verdict])).toEqual([
      ['unlocked', 'pass'],
      ['locked', 'pass'],
    ]);
    expect(report.variants[0]!.raceCount).toBeGreaterThan(0);
    expect((await lockdemo(['check', file])).code).toBe(0);
    const again = await lockdemo(['init', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; choose another name/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('user scenario modules', () => {
  it('reports a malformed field by name', async () => {
    const r = await lockdemoInProcess(['test/fixtures/bad-field.mjs']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('"variants.unlocked.races" must be "allowed" or "forbidden", got "sometimes"');
  });

  it('resolves paths relative to the working directory', async () => {
    const r = await lockdemoInProcess([join(ROOT, 'test/fixtures/broken-lock.mjs'), '--trials', '50', '--seed', '1']);
    expect(r.code).toBe(1);
  });
});

// A project has lockdemo installed (node_modules/lockdemo, here a link to this package), but the
// module that imports it lives where Node.js cannot resolve it: lockdemo's resolve hook rescues it.
describe("a scenario whose import of 'lockdemo' Node.js cannot resolve by itself", () => {
  const project = (name: string): string => {
    const dir = join(tmpdir(), `lockdemo-${name}-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'project/node_modules'), { recursive: true });
    mkdirSync(join(dir, 'elsewhere'), { recursive: true });
    symlinkSync(ROOT, join(dir, 'project/node_modules/lockdemo'));
    return dir;
  };

  it('loads through a symlink from the project (Node.js resolves from the real path)', async () => {
    const dir = project('symlinked');
    copyFileSync(join(ROOT, 'test/fixtures/broken-lock.mjs'), join(dir, 'elsewhere/s.mjs'));
    symlinkSync(join(dir, 'elsewhere/s.mjs'), join(dir, 'project/s.mjs'));
    const run = await lockdemo([join(dir, 'project/s.mjs'), '--trials', '50', '--seed', '1']);
    rmSync(dir, { recursive: true, force: true });
    expect(run.stderr).not.toMatch(/cannot load/);
    expect(run.code).toBe(1); // broken-lock's forbidden outcome: it ran
  });

  // The hook is registered only when the scenario file itself cannot resolve lockdemo, and a
  // helper module it imports from elsewhere is not looked at ahead. A failed import cannot be
  // tried again in the same thread (Node.js keeps the failed module): the supervisor loads the
  // scenario again in a fresh worker that has the hook, as every later worker then has.
  it('loads a scenario whose helper module imports lockdemo from outside the project', async () => {
    const dir = project('helper');
    writeFileSync(join(dir, 'elsewhere/helpers.mjs'), "export { defineScenario } from 'lockdemo';\n");
    const source = readFileSync(join(ROOT, 'test/fixtures/broken-lock.mjs'), 'utf8');
    writeFileSync(join(dir, 'project/s.mjs'), source.replace("from 'lockdemo'", "from '../elsewhere/helpers.mjs'"));
    const run = await lockdemo([join(dir, 'project/s.mjs'), '--trials', '50', '--seed', '1']);
    rmSync(dir, { recursive: true, force: true });
    expect(run.stderr).not.toMatch(/cannot load/);
    expect(run.code).toBe(1);
  });
});
