/**
 * bank — a read-modify-write of two variables.
 *
 *   npx lockdemo bank --trials 1000
 *   npx lockdemo bank --schedule exhaustive --trace
 *
 * Three accounts hold 100 each; task i moves 10 from account i to account i + 1 (mod 3), so
 * task_A pays A→B, task_B pays B→C, task_C pays C→A. A transfer reads both balances, awaits the
 * ledger (a simulated call), then writes both. Whatever the order, the total must stay 300.
 * A 1000-trial random-schedule run (seed 1):
 *
 *   unlocked              totals 280 to 320; preserved in 26% of trials     races allowed
 *   locked                300 in every trial                                races forbidden
 *   ordered-account-locks 300 in every trial                                races forbidden
 *
 * Under `--schedule exhaustive`, 72 of the 90 interleavings of `unlocked` change the total, yet
 * a random trial does so with probability exactly 13/18 (72.2%): totals 280, 290, 300, 310 and
 * 320 with 1/18, 11/36, 5/18, 11/36 and 1/18. Interleavings are not equally likely.
 *
 * The lesson: when a task reads a value, awaits, and writes back something computed from what
 * it read, another task's write in between is lost — here money is created or destroyed. One
 * lock across the read, the await and the writes fixes it; a lock per account fixes it too and
 * lets unrelated transfers overlap, provided every task takes the locks in the same global order
 * (see the deadlock scenario for what happens otherwise).
 */
import { defineScenario, type TaskContext } from '../src/index.js';

const OPENING_BALANCE = 100;
const AMOUNT = 10;

interface Bank {
  balances: number[];
}

/** Task i pays from account i to account i + 1, accounts counted modulo their number. */
function accountsOf(t: TaskContext, accounts: number): [from: number, to: number] {
  return [t.id % accounts, (t.id + 1) % accounts];
}

async function transfer(bank: Bank, t: TaskContext): Promise<void> {
  const [from, to] = accountsOf(t, bank.balances.length);
  const fromBalance = bank.balances[from] ?? 0;
  const toBalance = bank.balances[to] ?? 0;
  await t.sleep(1); // the ledger call: another transfer may read or write these balances now
  bank.balances[from] = fromBalance - AMOUNT; // both writes use the balances read before the await
  bank.balances[to] = toBalance + AMOUNT;
}

export default defineScenario<Bank>({
  name: 'bank',
  summary: 'transfers read two balances, await the ledger, then write both; the total must not change',
  unit: 'total balance',
  tasks: 3,
  // One account per task (at least two), so every transfer has a payer and a payee.
  setup: ({ tasks }) => ({ balances: new Array<number>(Math.max(2, tasks)).fill(OPENING_BALANCE) }),
  variants: {
    unlocked: {
      races: 'allowed',
      summary: 'read both balances, await, write both',
      run: transfer,
    },
    locked: {
      races: 'forbidden',
      summary: 'one bank-wide lock around each transfer',
      run: (bank, t) => t.lock.run(() => transfer(bank, t)),
    },
    'ordered-account-locks': {
      races: 'forbidden',
      summary: 'a lock per account, always taken lowest account first, so no wait cycle can form',
      run: async (bank, t) => {
        const [from, to] = accountsOf(t, bank.balances.length);
        const [first, second] = from < to ? [from, to] : [to, from];
        await t.lockNamed(`account${first}`).run(() => t.lockNamed(`account${second}`).run(() => transfer(bank, t)));
      },
    },
  },
  observe: (bank) => bank.balances.reduce((sum, balance) => sum + balance, 0),
  outcomes: ({ tasks }) => {
    const total = Math.max(2, tasks) * OPENING_BALANCE;
    return [
      { value: total, grade: 'correct', description: 'total preserved' },
      {
        match: (v) => typeof v === 'number' && v !== total && (v - total) % AMOUNT === 0,
        grade: 'race',
        description: (v) => (Number(v) > total ? `${Number(v) - total} created from nothing` : `${total - Number(v)} vanished`),
      },
    ];
  },
});
