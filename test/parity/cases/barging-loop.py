# A loops: async with lock (yield inside) three times; B asks while A holds it. A's re-acquire
# after its release queues behind B: no barging, they alternate.
import asyncio
log = []
async def a(lock):
    for i in range(3):
        async with lock:
            log.append(f"A:in{i}")
            await asyncio.sleep(0)
        log.append(f"A:rel{i}")
async def b(lock):
    for i in range(3):
        log.append(f"B:req{i}")
        async with lock:
            log.append(f"B:in{i}")
            await asyncio.sleep(0)
        log.append(f"B:rel{i}")
async def main():
    lock = asyncio.Lock()
    await asyncio.gather(a(lock), b(lock))
asyncio.run(main())
print(" ".join(log))
