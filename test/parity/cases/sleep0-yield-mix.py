# sleep(0) and plain yields mixed across three tasks.
import asyncio
log = []
async def a():
    log.append("A:0"); await asyncio.sleep(0)
    log.append("A:1"); await asyncio.sleep(0)
    log.append("A:2"); await asyncio.sleep(0)
    log.append("A:3")
async def bb():
    log.append("B:0"); await asyncio.sleep(0)
    log.append("B:1"); await asyncio.sleep(0); await asyncio.sleep(0)
    log.append("B:2")
async def c():
    await asyncio.sleep(0); await asyncio.sleep(0)
    log.append("C:0"); await asyncio.sleep(0)
    log.append("C:1")
async def main():
    await asyncio.gather(a(), bb(), c())
asyncio.run(main())
print(" ".join(log))
