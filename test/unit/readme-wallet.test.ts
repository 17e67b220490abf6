import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario, type Lock } from '../../src/index.js';

// The README's library example, kept honest: with its lock the wallet is proven never to
// overdraw; without it, exhaustive exploration finds the interleavings that do.
interface WalletIo {
  lock: Lock;
  sleep(ms: number): Promise<void>;
}

async function withdraw(wallet: { balance: number }, amount: number, io: WalletIo): Promise<boolean> {
  return io.lock.run(async () => {
    if (wallet.balance < amount) return false;
    await io.sleep(5);
    wallet.balance -= amount;
    return true;
  });
}

async function withdrawUnguarded(wallet: { balance: number }, amount: number, io: WalletIo): Promise<boolean> {
  if (wallet.balance < amount) return false;
  await io.sleep(5);
  wallet.balance -= amount;
  return true;
}

function walletScenario(fn: typeof withdraw) {
  return defineScenario({
    name: 'wallet',
    summary: 'three withdrawals of 10 from a balance of 20',
    tasks: 3,
    setup: () => ({ balance: 20 }),
    variants: { withdraw: { races: 'forbidden', run: async (wallet, t) => void (await fn(wallet, 10, t)) } },
    observe: (wallet) => wallet.balance,
    outcomes: [{ value: 0, grade: 'correct', description: 'two paid, one refused' }],
  });
}

describe('the README library example', () => {
  it('proves the locked withdraw race-free under every interleaving', async () => {
    const report = await runScenario(walletScenario(withdraw), { schedule: 'exhaustive' });
    expect(report.variants[0]!.complete).toBe(true);
    expect(report.verdict).toBe('pass');
  });

  it('fails without the lock: some interleavings overdraw to -10', async () => {
    const report = await runScenario(walletScenario(withdrawUnguarded), { schedule: 'exhaustive' });
    expect(report.verdict).toBe('fail');
    expect(report.variants[0]!.outcomes.find((o) => o.value === -10)?.count).toBeGreaterThan(0);
  });
});
