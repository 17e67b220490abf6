# One event.set() wakes every waiter, in the order they waited, and the setter, which yields
# after setting, runs after all of them.
import asyncio

log = []


async def setter(event):
    await asyncio.sleep(0)  # let the others wait first
    event.set()
    log.append("A:set")
    await asyncio.sleep(0)
    log.append("A:end")


async def waiter(name, event):
    log.append(f"{name}:wait")
    await event.wait()
    log.append(f"{name}:woke")


async def main():
    event = asyncio.Event()
    await asyncio.gather(setter(event), *(waiter(name, event) for name in "BCD"))


asyncio.run(main())
print(" ".join(log))
