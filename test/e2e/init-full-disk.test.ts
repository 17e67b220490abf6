/**
 * `init` on a full disk leaves nothing behind: an empty module would make the retry say "already
 * exists" and a run say "it has no default export". It needs a tiny file system to fill, which
 * only root can mount: elsewhere the test is skipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { lockdemoInProcess } from './run-built.js';

const dir = mkdtempSync(join(tmpdir(), 'lockdemo-tiny-'));
let mounted = false;
try {
  if (process.getuid?.() === 0) {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=12k', 'tmpfs', dir], { stdio: 'ignore' });
    mounted = true;
  }
} catch {
  mounted = false;
}
// A file whose tests are all skipped runs no hooks (afterAll included): clean up now.
if (!mounted) rmSync(dir, { recursive: true, force: true });
afterAll(() => {
  if (mounted) execFileSync('umount', [dir], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
});

it.skipIf(!mounted)('init on a full disk: exit 74, one line, no file left; the retry once there is room writes it', async () => {
  const fill = join(dir, 'fill');
  // A tmpfs of 12 KiB takes 12 KiB of data, then refuses every byte.
  try {
    writeFileSync(fill, Buffer.alloc(64 * 1024));
  } catch {
    // Full, as intended.
  }
  const file = join(dir, 'new.mjs');
  const full = await lockdemoInProcess(['init', file]);
  expect(full.code).toBe(74);
  expect(full.stderr).toBe(`lockdemo: cannot create ${file}: the disk is full\n`);
  expect(readdirSync(dir)).toEqual(['fill']);
  rmSync(fill);
  const retry = await lockdemoInProcess(['init', file]);
  expect(retry.code).toBe(0);
  expect(existsSync(file)).toBe(true);
  expect(readdirSync(dir)).toEqual(['new.mjs']);
});
