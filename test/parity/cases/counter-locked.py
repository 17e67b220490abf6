# The lesson's counter with the lock held across read, await and write: 3.
import asyncio

log = []
state = {"counter": 0}


async def increment(name, lock):
    async with lock:
        current = state["counter"]
        log.append(f"{name}:read={current}")
        await asyncio.sleep(0)
        state["counter"] = current + 1
        log.append(f"{name}:wrote={current + 1}")


async def main():
    lock = asyncio.Lock()
    await asyncio.gather(*(increment(name, lock) for name in "ABC"))


asyncio.run(main())
log.append(f"final={state['counter']}")
print(" ".join(log))
