# asyncio.Lock has no owner: B releases the lock A acquired; C, queued, gets it.
import asyncio
log = []
async def a(lock):
    await lock.acquire(); log.append("A:acquired")
    await asyncio.sleep(0); await asyncio.sleep(0); await asyncio.sleep(0)
    log.append(f"A:locked={str(lock.locked()).lower()}")
async def bb(lock):
    await asyncio.sleep(0)
    try:
        lock.release(); log.append("B:released")
    except RuntimeError:
        log.append("B:raised")
async def c(lock):
    log.append("C:req")
    async with lock:
        log.append("C:in")
    log.append("C:out")
async def main():
    lock = asyncio.Lock()
    await asyncio.gather(a(lock), bb(lock), c(lock))
asyncio.run(main())
print(" ".join(log))
