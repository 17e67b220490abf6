# A task releases the lock B waits for and asks for it again in the same step: it queues behind
# B (no barging), and C, asking while locked() is False, queues behind both.
import asyncio
log = []
async def a(lock):
    await lock.acquire()
    await asyncio.sleep(0)
    lock.release(); log.append(f"A:rel({lock.locked()})")
    await lock.acquire(); log.append(f"A:again({lock.locked()})")
    lock.release(); log.append("A:done")
async def b(lock):
    log.append("B:req")
    async with lock:
        log.append(f"B:in({lock.locked()})")
        await asyncio.sleep(0)
        log.append("B:out")
async def c(lock):
    await asyncio.sleep(0)
    log.append(f"C:req({lock.locked()})")
    async with lock:
        log.append("C:in")
async def main():
    lock = asyncio.Lock()
    await asyncio.gather(a(lock), b(lock), c(lock))
asyncio.run(main())
print(" ".join(log))
