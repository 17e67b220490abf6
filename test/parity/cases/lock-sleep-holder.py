# A holds the lock across a 2 ms sleep; B and C queue; D sleeps 1 ms, reads locked(), queues.
import asyncio
log = []
def b(v): return str(v).lower()
async def a(lock):
    async with lock:
        log.append("A:in"); await asyncio.sleep(0.002); log.append("A:woke")
    log.append("A:out")
async def bb(lock):
    log.append("B:req")
    async with lock:
        log.append("B:in"); await asyncio.sleep(0.001); log.append("B:woke")
async def c(lock):
    await asyncio.sleep(0)
    log.append("C:req")
    async with lock:
        log.append("C:in")
async def d(lock):
    await asyncio.sleep(0.001)
    log.append(f"D:req locked={b(lock.locked())}")
    async with lock:
        log.append("D:in")
async def main():
    lock = asyncio.Lock()
    await asyncio.gather(a(lock), bb(lock), c(lock), d(lock))
asyncio.run(main())
print(" ".join(log))
