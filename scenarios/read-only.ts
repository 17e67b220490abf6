/**
 * read-only — the control experiment: no lock needed.
 *
 *   npx lockdemo read-only --schedule exhaustive
 *
 * Tasks quote a price from a shared price list: read the price, await an exchange-rate lookup,
 * read the currency, and write the quote into their own slot. Nobody changes the shared list.
 * Under every interleaving every task computes the same quote:
 *
 *   unlocked (races forbidden)  1 distinct price in 100% of trials
 *   locked   (races forbidden)  1 distinct price in 100% of trials, the lookups serialised
 *
 * The lesson: an await only lets other tasks change shared state; if no task changes it,
 * there is nothing to race on. Read-only access across awaits needs no lock — the unlocked
 * variant here declares races forbidden and passes. (Each task writes only its own slot of
 * `quotes`, which no other task reads or writes.)
 */
import { defineScenario } from '../src/index.js';

interface Prices {
  list: { readonly widget: number; readonly currency: string };
  quotes: string[];
}

export default defineScenario<Prices>({
  name: 'read-only',
  summary: 'tasks only read a shared price list across awaits; with no writer there is no race',
  unit: 'distinct prices',
  tasks: 3,
  setup: ({ tasks }) => ({ list: { widget: 12, currency: 'EUR' }, quotes: new Array<string>(tasks).fill('') }),
  variants: {
    unlocked: {
      races: 'forbidden',
      summary: 'read, await, read: no lock, and none needed',
      run: async (state, t) => {
        const price = state.list.widget;
        await t.sleep(1); // the exchange-rate lookup
        const currency = state.list.currency;
        state.quotes[t.id] = `${price} ${currency}`;
      },
    },
    locked: {
      races: 'forbidden',
      summary: 'the same inside lock.run(): correct too, but it serialises the lookups for nothing',
      run: (state, t) =>
        t.lock.run(async () => {
          const price = state.list.widget;
          await t.sleep(1);
          const currency = state.list.currency;
          state.quotes[t.id] = `${price} ${currency}`;
        }),
    },
  },
  observe: (state) => new Set(state.quotes).size,
  outcomes: [
    { value: 1, grade: 'correct', description: 'every task quoted the same price' },
    { match: (v) => typeof v === 'number' && v > 1, grade: 'race', description: 'tasks saw different prices' },
  ],
});
