/**
 * bank — a read-modify-write of two variables.
 *
 *   npx lockdemo bank --trials 1000
 *   npx lockdemo bank --schedule exhaustive --trace
 *
 * Three accounts hold 100 each; task i moves 10 from account i to account i + 1 (mod 3), so
 * task_A pays A→B, task_B pays B→C, task_C pays C→A. A transfer reads both balances, awaits the
 * ledger (a simulated call), then writes both. Whatever the order, the total must stay 300, and
 * every account must end where the transfers, made one after another, leave it (here each pays
 * 10 and receives 10: 100). A total of 300 alone does not show that: two transfers that overwrite
 * each other's writes can keep it while money moved that should not have (90, 110, 100), so the
 * observed value is the total, or "300, transfers lost" when the total holds and a balance is wrong.
 * A 1000-trial random-schedule run (seed 1):
 *
 *   unlocked              totals 280 to 320, or 300 with transfers lost;
 *                         every transfer made in 15% of trials                races allowed
 *   locked                300 in every trial                                  races forbidden
 *   ordered-account-locks 300 in every trial                                  races forbidden
 *
 * Under `--schedule exhaustive`, 84 of the 90 interleavings of `unlocked` race, and a random
 * trial does with probability exactly 5/6 (83.3%), as in the counter: totals 280, 290, 310 and
 * 320 with 1/18, 11/36, 11/36 and 1/18, 300 with transfers lost 1/9, every transfer made 1/6.
 * Interleavings are not equally likely. With two tasks (A→B and B→A) every race keeps the total:
 * only the balances show it.
 *
 * The lesson: when a task reads a value, awaits, and writes back something computed from what
 * it read, another task's write in between is lost — here money is created, destroyed, or moved
 * where no transfer sent it. One
 * lock across the read, the await and the writes fixes it; a lock per account fixes it too and
 * lets unrelated transfers overlap, provided every task takes the locks in the same global order
 * (see the deadlock scenario for what happens otherwise).
 */
import { defineScenario, type TaskContext } from '../src/index.js';

const OPENING_BALANCE = 100;
const AMOUNT = 10;

interface Bank {
  balances: number[];
  /** Where the transfers leave each account when made one after another, in any order. */
  serial: number[];
}

/** The observed value of a bank whose total held but whose balances are not the serial ones. */
const TRANSFERS_LOST = (total: number): string => `${total}, transfers lost`;

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
  summary: 'transfers read two balances, await the ledger, then write both; every transfer must land',
  unit: 'total balance',
  tasks: 3,
  // One account per task (at least two), so every transfer has a payer and a payee.
  setup: ({ tasks }) => {
    const accounts = Math.max(2, tasks);
    // Transfers commute: made one at a time, in any order, they leave the same balances.
    const serial = new Array<number>(accounts).fill(OPENING_BALANCE);
    for (let task = 0; task < tasks; task++) {
      serial[task % accounts] = (serial[task % accounts] ?? 0) - AMOUNT;
      serial[(task + 1) % accounts] = (serial[(task + 1) % accounts] ?? 0) + AMOUNT;
    }
    return { balances: new Array<number>(accounts).fill(OPENING_BALANCE), serial };
  },
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
  // The total, unless it held while a balance went wrong: a lost transfer the total cannot show.
  observe: (bank) => {
    const total = bank.balances.reduce((sum, balance) => sum + balance, 0);
    const kept = bank.balances.every((balance, account) => balance === bank.serial[account]);
    return kept || total !== bank.serial.reduce((sum, balance) => sum + balance, 0) ? total : TRANSFERS_LOST(total);
  },
  outcomes: ({ tasks }) => {
    const total = Math.max(2, tasks) * OPENING_BALANCE;
    return [
      { value: total, grade: 'correct', description: 'every transfer made' },
      { value: TRANSFERS_LOST(total), grade: 'race', description: 'the total held, yet transfers were lost' },
      {
        match: (v) => typeof v === 'number' && v !== total && (v - total) % AMOUNT === 0,
        grade: 'race',
        description: (v) => (Number(v) > total ? `${Number(v) - total} created from nothing` : `${total - Number(v)} vanished`),
      },
    ];
  },
});
