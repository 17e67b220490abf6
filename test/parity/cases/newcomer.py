# A newcomer during the hand-off window: A releases with B waiting, and C, queued ahead of B's
# wake-up, asks for the lock while locked() is False. C still queues behind B: no barging.
import asyncio

log = []


def b2s(value):
    return str(value).lower()


async def a(lock):
    await lock.acquire()
    log.append("A:in")
    await asyncio.sleep(0)  # B queues on the lock, C yields
    lock.release()
    log.append(f"A:released locked={b2s(lock.locked())}")


async def b(lock):
    log.append(f"B:req locked={b2s(lock.locked())}")
    async with lock:
        log.append("B:in")
        await asyncio.sleep(0)
    log.append("B:out")


async def c(lock):
    log.append("C:wait")
    await asyncio.sleep(0)
    log.append(f"C:req locked={b2s(lock.locked())}")
    async with lock:
        log.append("C:in")
    log.append("C:out")


async def main():
    lock = asyncio.Lock()
    await asyncio.gather(a(lock), b(lock), c(lock))


asyncio.run(main())
print(" ".join(log))
