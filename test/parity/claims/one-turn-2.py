# Two tasks ask for sleeps in the same turn: A 1.3 ms, then B 1.299 ms (1 us shorter).
import asyncio
log = []
async def a():
    await asyncio.sleep(0.0013); log.append("A:woke")
async def bb():
    await asyncio.sleep(0.001299); log.append("B:woke")
async def main():
    await asyncio.gather(a(), bb())
asyncio.run(main())
print(" ".join(log))
