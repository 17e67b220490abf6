# A holds the lock while waiting for an event C sets; B queues on the lock meanwhile.
import asyncio
log = []
async def a(lock, ev):
    async with lock:
        log.append("A:in-wait"); await ev.wait(); log.append("A:event")
    log.append("A:out")
async def bb(lock, ev):
    log.append("B:req")
    async with lock:
        log.append("B:in")
async def c(lock, ev):
    await asyncio.sleep(0)
    log.append(f"C:set locked={str(lock.locked()).lower()}"); ev.set()
    await asyncio.sleep(0); log.append("C:after")
async def main():
    lock, ev = asyncio.Lock(), asyncio.Event()
    await asyncio.gather(a(lock, ev), bb(lock, ev), c(lock, ev))
asyncio.run(main())
print(" ".join(log))
