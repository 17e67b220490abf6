# release() of an unlocked lock raises, also right after a release that handed the lock to a
# waiter (the lock is not held in that window).
import asyncio

log = []


async def a(lock):
    await lock.acquire()
    await asyncio.sleep(0)  # B queues
    lock.release()
    try:
        lock.release()
        log.append("A:released-twice")
    except RuntimeError:
        log.append("A:second-release-raised")


async def b(lock):
    async with lock:
        log.append("B:in")
    try:
        lock.release()
        log.append("B:released-again")
    except RuntimeError:
        log.append("B:release-raised")


async def main():
    lock = asyncio.Lock()
    await asyncio.gather(a(lock), b(lock))


asyncio.run(main())
print(" ".join(log))
