# A sleeps 1 ms, C sleeps 0.5 ms, B takes five quick turns: B finishes, then C, then A.
import asyncio
log = []
async def a():
    await asyncio.sleep(0.001); log.append("A:woke")
    await asyncio.sleep(0); log.append("A:after")
async def bb():
    for i in range(5):
        log.append(f"B:{i}"); await asyncio.sleep(0)
    log.append("B:end")
async def c():
    await asyncio.sleep(0.0005); log.append("C:woke")
async def main():
    await asyncio.gather(a(), bb(), c())
asyncio.run(main())
print(" ".join(log))
