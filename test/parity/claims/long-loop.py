# A takes 6000 turns of sleep(0), logging every 1000; B does the same 5000 times. No timers.
import asyncio
log = []
async def a():
    for i in range(6000):
        await asyncio.sleep(0)
        if i % 1000 == 999: log.append(f"A:{i+1}")
async def bb():
    for i in range(5000):
        await asyncio.sleep(0)
        if i % 1000 == 999: log.append(f"B:{i+1}")
async def main():
    await asyncio.gather(a(), bb())
asyncio.run(main())
print(" ".join(log))
