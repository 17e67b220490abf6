# In one step A releases the lock (B waits on it) and sets an event (C waits), then yields; later
# it sets a second event (D waits) before releasing again (E waits): wake-ups queue in call order.
import asyncio
log = []
async def a(lock, e1, e2):
    await lock.acquire(); await asyncio.sleep(0)
    lock.release(); e1.set(); log.append("A:rel+set"); await asyncio.sleep(0)
    log.append("A:2")
    await lock.acquire(); await asyncio.sleep(0)
    e2.set(); lock.release(); log.append("A:set+rel"); await asyncio.sleep(0)
    log.append("A:end")
async def bb(lock, e1, e2):
    async with lock:
        log.append("B:lock")
async def c(lock, e1, e2):
    await e1.wait(); log.append("C:e1")
async def d(lock, e1, e2):
    await e2.wait(); log.append("D:e2")
async def e(lock, e1, e2):
    await asyncio.sleep(0); await asyncio.sleep(0); await asyncio.sleep(0)
    log.append("E:req")
    async with lock:
        log.append("E:lock")
async def main():
    lock, e1, e2 = asyncio.Lock(), asyncio.Event(), asyncio.Event()
    await asyncio.gather(*(f(lock, e1, e2) for f in (a, bb, c, d, e)))
asyncio.run(main())
print(" ".join(log))
