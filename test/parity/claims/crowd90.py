# A sleeps 1 ms; 30 other tasks each take 90 turns of sleep(0), then log. Which comes first?
import asyncio
log = []
async def a():
    await asyncio.sleep(0.001); log.append("A:woke")
async def w(i):
    for _ in range(90):
        await asyncio.sleep(0)
    log.append(f"W{i}:done")
async def main():
    await asyncio.gather(a(), *(w(i) for i in range(30)))
asyncio.run(main())
print(" ".join(log))
