# lock.locked() right after a release that has a waiter: False, until the waiter resumes.
import asyncio

log = []


def b2s(value):
    return str(value).lower()


async def a(lock):
    await lock.acquire()
    log.append("A:acquired")
    await asyncio.sleep(0)  # B queues on the lock here
    lock.release()
    log.append(f"A:released locked={b2s(lock.locked())}")
    await asyncio.sleep(0)
    log.append(f"A:after locked={b2s(lock.locked())}")


async def b(lock):
    log.append(f"B:req locked={b2s(lock.locked())}")
    async with lock:
        log.append(f"B:in locked={b2s(lock.locked())}")


async def main():
    lock = asyncio.Lock()
    await asyncio.gather(a(lock), b(lock))


asyncio.run(main())
print(" ".join(log))
