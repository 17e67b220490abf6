# A raises inside `async with lock` with B queued; it catches outside; the lock was released.
import asyncio
log = []
def b(v): return str(v).lower()
async def a(lock):
    try:
        async with lock:
            log.append("A:in"); await asyncio.sleep(0)
            raise ValueError("boom")
    except ValueError:
        log.append(f"A:caught locked={b(lock.locked())}")
    await asyncio.sleep(0)
    log.append("A:end")
async def bb(lock):
    log.append("B:req")
    async with lock:
        log.append(f"B:in locked={b(lock.locked())}")
    log.append("B:end")
async def main():
    lock = asyncio.Lock()
    await asyncio.gather(a(lock), bb(lock))
asyncio.run(main())
print(" ".join(log))
