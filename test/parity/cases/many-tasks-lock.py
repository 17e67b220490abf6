# 12 tasks through one lock; each yields before asking and twice inside; some skip the pre-yield.
import asyncio
log = []
async def worker(i, lock):
    name = chr(65 + i)
    if i % 3 == 0:
        await asyncio.sleep(0)
    log.append(f"{name}r")
    async with lock:
        log.append(f"{name}+")
        await asyncio.sleep(0)
        if i % 2:
            await asyncio.sleep(0)
    log.append(f"{name}-")
async def main():
    lock = asyncio.Lock()
    await asyncio.gather(*(worker(i, lock) for i in range(12)))
asyncio.run(main())
print(" ".join(log))
