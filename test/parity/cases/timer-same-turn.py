import asyncio
log = []
async def a():
    await asyncio.sleep(0.01)
    log.append("A1")
    await asyncio.sleep(0)
    log.append("A2")
async def b():
    await asyncio.sleep(0)
    await asyncio.sleep(0.01)
    log.append("B1")
    await asyncio.sleep(0)
    log.append("B2")
async def main():
    await asyncio.gather(a(), b())
asyncio.run(main())
print(" ".join(log))
