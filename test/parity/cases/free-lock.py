# `async with` on a free lock does not suspend: task A runs through its critical section and
# out before task B runs at all.
import asyncio

log = []


async def a(lock):
    log.append("A:start")
    async with lock:
        log.append("A:in")
    log.append("A:out")


async def b(lock):
    log.append("B:1")
    await asyncio.sleep(0)
    log.append("B:2")


async def main():
    lock = asyncio.Lock()
    await asyncio.gather(a(lock), b(lock))


asyncio.run(main())
print(" ".join(log))
