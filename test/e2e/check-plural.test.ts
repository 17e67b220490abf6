import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockdemoInProcess, ROOT } from './run-built.js';

const TMP = join(ROOT, 'test/.tmp/check-plural');
mkdirSync(TMP, { recursive: true });

describe('check counts its scenarios and variants in words that agree with the numbers', () => {
  it('one scenario of one variant: "1 scenario, 1 variant", in the text and the HTML report', async () => {
    const html = join(TMP, 'one.html');
    const r = await lockdemoInProcess(['check', 'test/fixtures/trial-odds.mjs', '--html', html]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ · 1 scenario, 1 variant\n/);
    expect(r.stdout).not.toContain('1 variants');
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('1 scenario, 1 variant, each checked');
    expect(page).not.toContain('1 variants');
  });

  it('two variants stay plural', async () => {
    const html = join(TMP, 'two.html');
    const r = await lockdemoInProcess(['check', 'counter', '--html', html]);
    expect(r.stdout).toMatch(/ · 1 scenario, 2 variants\n/);
    expect(readFileSync(html, 'utf8')).toContain('1 scenario, 2 variants, each checked');
  });

  it('one interleaving is "0/1 interleaving", as the run says it', async () => {
    const r = await lockdemoInProcess(['check', 'counter', '--tasks', '1']);
    expect(r.stdout).toContain('races 0/1 interleaving (races forbidden)');
    expect(r.stdout).not.toContain('0/1 interleavings');
  });

  it('a deadlock in the one asyncio trial is "deadlocks in 1 of 1 trial"', async () => {
    const r = await lockdemoInProcess(['check', 'deadlock', '--schedule', 'asyncio', '--variant', 'opposite-order']);
    expect(r.stdout).toContain('deadlocks in 1 of 1 trial, not counted as races');
    expect(r.stdout).not.toContain('1 of 1 trials');
  });
});

describe('check of one file by two paths', () => {
  it('checks it once: `x.mjs` and `./x.mjs` are one scenario (it was refused as two named alike)', async () => {
    const r = await lockdemoInProcess(['check', 'test/fixtures/trial-odds.mjs', './test/fixtures/trial-odds.mjs']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ · 1 scenario, 1 variant\n/);
  });
});
