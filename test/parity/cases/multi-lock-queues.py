# Two locks, each with a queued waiter; A, holding l1, asks for l2 (held by C, D queued first).
import asyncio
log = []
def b(v): return str(v).lower()
async def a(l1, l2):
    async with l1:
        log.append("A:l1")
        await asyncio.sleep(0)
        log.append(f"A:req-l2 l2={b(l2.locked())}")
        async with l2:
            log.append("A:l2")
        log.append("A:out-l2")
    log.append("A:done")
async def bb(l1, l2):
    log.append("B:req-l1")
    async with l1:
        log.append(f"B:l1 l2={b(l2.locked())}")
        await asyncio.sleep(0)
    log.append("B:done")
async def c(l1, l2):
    async with l2:
        log.append("C:l2")
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        log.append(f"C:rel l1={b(l1.locked())}")
    log.append("C:done")
async def d(l1, l2):
    log.append("D:req-l2")
    async with l2:
        log.append("D:l2")
        await asyncio.sleep(0)
    log.append("D:done")
async def main():
    l1, l2 = asyncio.Lock(), asyncio.Lock()
    await asyncio.gather(a(l1, l2), bb(l1, l2), c(l1, l2), d(l1, l2))
asyncio.run(main())
print(" ".join(log))
