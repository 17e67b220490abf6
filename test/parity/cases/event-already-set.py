# Awaiting an event that is already set does not suspend: A passes before B runs.
import asyncio

log = []


async def a(event):
    await event.wait()
    log.append("A:passed")


async def b():
    log.append("B:ran")


async def main():
    event = asyncio.Event()
    event.set()
    await asyncio.gather(a(event), b())


asyncio.run(main())
print(" ".join(log))
