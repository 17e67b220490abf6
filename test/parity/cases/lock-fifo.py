# Lock waiters are served first come, first served: B, C and D queue while A holds the lock,
# and enter in that order, each handed the lock by the one before.
import asyncio

log = []


async def worker(name, lock):
    log.append(f"{name}:req")
    async with lock:
        log.append(f"{name}:in")
        await asyncio.sleep(0)
        await asyncio.sleep(0)
    log.append(f"{name}:out")


async def main():
    lock = asyncio.Lock()
    await asyncio.gather(*(worker(name, lock) for name in "ABCD"))


asyncio.run(main())
print(" ".join(log))
