# A holds the lock across a 1 ms sleep and releases when it wakes (B queued); C's 1 ms timer fires
# in the same turn as A's; C asks for the lock during B's hand-off window.
import asyncio
log = []
def b(v): return str(v).lower()
async def a(lock):
    async with lock:
        await asyncio.sleep(0.001)
        log.append("A:woke")
    log.append(f"A:released locked={b(lock.locked())}")
async def bb(lock):
    log.append("B:req")
    async with lock:
        log.append("B:in"); await asyncio.sleep(0); log.append("B:out")
async def c(lock):
    await asyncio.sleep(0.001)
    log.append(f"C:woke locked={b(lock.locked())}")
    async with lock:
        log.append("C:in")
async def main():
    lock = asyncio.Lock()
    await asyncio.gather(a(lock), bb(lock), c(lock))
asyncio.run(main())
print(" ".join(log))
