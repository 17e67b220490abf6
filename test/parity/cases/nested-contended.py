# Nested async with (outer, inner), contended: B waits for outer, C waits for inner alone.
import asyncio
log = []
async def a(outer, inner):
    async with outer:
        log.append("A:outer")
        async with inner:
            log.append("A:inner"); await asyncio.sleep(0)
        log.append("A:left-inner"); await asyncio.sleep(0)
    log.append("A:done")
async def bb(outer, inner):
    log.append("B:req")
    async with outer:
        log.append("B:outer")
        async with inner:
            log.append("B:inner")
    log.append("B:done")
async def c(outer, inner):
    log.append("C:req")
    async with inner:
        log.append("C:inner"); await asyncio.sleep(0)
    log.append("C:done")
async def main():
    o, i = asyncio.Lock(), asyncio.Lock()
    await asyncio.gather(a(o, i), bb(o, i), c(o, i))
asyncio.run(main())
print(" ".join(log))
