/**
 * A trace reads the program's state after each step, which the program itself never read: it
 * must read it as data only. A getter that throws, a Proxy whose traps throw and a revoked Proxy
 * made `--trace`, `--html` and the printed replay lines fail (exit 3, blamed on "a timer"; exit 70).
 */
import { describe, expect, it } from 'vitest';
import { snapshotState } from '../../src/core/state-snapshot.js';
import { show } from '../../src/core/trace-event.js';

const boom = (): never => {
  throw new Error('boom');
};

describe('a snapshot of a state with code in it', () => {
  it('shows an accessor as [getter] and never calls it', () => {
    let calls = 0;
    const state = {
      value: 1,
      get counted() {
        calls++;
        return 2;
      },
      get broken(): number {
        return boom();
      },
    };
    expect(snapshotState(state, show)).toEqual([
      ['value', '1'],
      ['counted', '[getter]'],
      ['broken', '[getter]'],
    ]);
    expect(
      show({
        a: 1,
        get b() {
          return boom();
        },
      }),
    ).toBe('{a: 1, b: "[getter]"}');
    expect(calls).toBe(0);
  });

  it('shows a Proxy whose traps throw, or a revoked one, as [unreadable]', () => {
    const trapping = new Proxy({ value: 1 }, { ownKeys: boom, get: boom, getPrototypeOf: boom });
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    expect(snapshotState({ value: 1, trapping, revoked: revocable.proxy }, show)).toEqual([
      ['value', '1'],
      ['trapping', '[unreadable]'],
      ['revoked', '[unreadable]'],
    ]);
    expect(show(revocable.proxy)).toBe('[unreadable]');
    expect(snapshotState(revocable.proxy, show)).toEqual([['state', '[unreadable]']]);
  });
});
