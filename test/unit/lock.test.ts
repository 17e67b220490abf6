import { describe, expect, it } from 'vitest';
import { Lock } from '../../src/core/lock.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Lock (asyncio.Lock semantics)', () => {
  it('takes a free lock without yielding: run() calls fn synchronously', () => {
    const lock = new Lock();
    let entered = false;
    void lock.run(async () => {
      entered = true;
    });
    expect(entered).toBe(true);
    expect(lock.locked).toBe(true);
  });

  it('acquire() of a free lock holds it before returning', () => {
    const lock = new Lock();
    void lock.acquire();
    expect(lock.locked).toBe(true);
    expect(lock.tryAcquire()).toBe(false);
  });

  it('hands the lock to waiters in the order they came (FIFO)', async () => {
    const lock = new Lock();
    const order: string[] = [];
    await lock.acquire();
    const waiters = ['first', 'second', 'third'].map((name) =>
      lock.run(async () => {
        order.push(name);
        await tick();
      }),
    );
    expect(lock.waiting).toBe(3);
    lock.release();
    await Promise.all(waiters);
    expect(order).toEqual(['first', 'second', 'third']);
    expect(lock.locked).toBe(false);
  });

  it('never lets a newcomer barge in between a release and the waiter waking', async () => {
    const lock = new Lock();
    await lock.acquire();
    const order: string[] = [];
    const waiter = lock.run(() => order.push('waiter'));
    lock.release(); // wakes the waiter; as in CPython, locked reads false until it resumes...
    expect(lock.locked).toBe(false);
    expect(lock.waiting).toBe(1);
    expect(lock.tryAcquire()).toBe(false); // ...yet a newcomer queues behind it (no barging)
    const newcomer = lock.run(() => order.push('newcomer'));
    await Promise.all([waiter, newcomer]);
    expect(order).toEqual(['waiter', 'newcomer']);
  });

  it('throws on a second release() in the window before the woken waiter resumes, as CPython does', async () => {
    const lock = new Lock('db');
    await lock.acquire();
    const waiter = lock.acquire();
    lock.release();
    expect(() => lock.release()).toThrow(/not locked/);
    await waiter;
    expect([lock.locked, lock.waiting]).toEqual([true, 0]);
  });

  it('throws on release() of an unlocked lock', () => {
    const lock = new Lock('db');
    expect(() => lock.release()).toThrow(/release\(\) of db, which is not locked/);
  });

  it('run() releases in finally when fn throws, and the error propagates', async () => {
    const lock = new Lock();
    await expect(
      lock.run(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(lock.locked).toBe(false);
    await expect(
      lock.run(() => {
        throw new Error('sync boom');
      }),
    ).rejects.toThrow('sync boom');
    expect(lock.locked).toBe(false);
  });

  it('run() returns what fn returns', async () => {
    const lock = new Lock();
    await expect(lock.run(async () => 42)).resolves.toBe(42);
  });

  it('keeps a read-modify-write atomic across an await', async () => {
    const lock = new Lock();
    let counter = 0;
    const increment = () =>
      lock.run(async () => {
        const current = counter;
        await tick();
        counter = current + 1;
      });
    await Promise.all([increment(), increment(), increment(), increment()]);
    expect(counter).toBe(4);
  });
});
