/**
 * inventory — a shared data structure changed by several tasks.
 *
 *   npx lockdemo inventory --trials 1000
 *
 * The stock (a shared Map) holds one widget fewer than there are tasks, and every task tries
 * to reserve one: "if stock > 0, take payment (await), then decrement the stock and add a
 * reservation". Exactly stock-many reservations must succeed and the rest be turned away.
 * A 1000-trial random-schedule run with 3 tasks and 2 widgets (seed 1):
 *
 *   unlocked (races allowed)    2 reservations 39%, 3 (oversold, stock -1) 61%
 *   locked   (races forbidden)  2 reservations 100%
 *
 * Under `--schedule exhaustive`, 72 of the 90 interleavings of `unlocked` oversell, yet a random
 * trial does so with probability exactly 11/18 (61.1%): interleavings are not equally likely.
 *
 * The lesson: a Map or a list shared by several tasks is shared state like any variable. The
 * check (stock > 0) and the change (stock − 1, push) are a check-then-act across an await, so
 * two tasks can both see the last widget and sell it twice. Hold a lock across the check, the
 * await and the change.
 */
import { defineScenario, type TaskContext } from '../src/index.js';

interface Inventory {
  stock: Map<string, number>;
  reservations: string[];
}

async function reserve(shop: Inventory, t: TaskContext): Promise<void> {
  if ((shop.stock.get('widget') ?? 0) > 0) {
    await t.sleep(1); // take payment: another task may pass the same check meanwhile
    shop.stock.set('widget', (shop.stock.get('widget') ?? 0) - 1);
    shop.reservations.push(t.label);
  }
}

export default defineScenario<Inventory>({
  name: 'inventory',
  summary: 'tasks reserve the last widgets from a shared Map; the stock check and the decrement are split by an await',
  unit: 'widgets reserved',
  tasks: 3,
  setup: ({ tasks }) => ({ stock: new Map([['widget', Math.max(1, tasks - 1)]]), reservations: [] }),
  variants: {
    unlocked: {
      races: 'allowed',
      summary: 'if stock > 0: await payment, decrement, reserve',
      run: reserve,
    },
    locked: {
      races: 'forbidden',
      summary: 'the same steps inside lock.run()',
      run: (shop, t) => t.lock.run(() => reserve(shop, t)),
    },
  },
  observe: (shop) => shop.reservations.length,
  outcomes: ({ tasks }) => {
    const widgets = Math.max(1, tasks - 1);
    return [
      { value: widgets, grade: 'correct', description: 'the stock, and no more' },
      {
        match: (v) => typeof v === 'number' && v > widgets && v <= tasks,
        grade: 'race',
        description: (v) => `oversold by ${Number(v) - widgets}: stock went to ${widgets - Number(v)}`,
      },
    ];
  },
});
