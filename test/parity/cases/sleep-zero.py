# asyncio.sleep(0) is a plain yield: A, which slept 0, runs between B's yields.
import asyncio

log = []


async def a():
    await asyncio.sleep(0)
    log.append("A:after-sleep0")


async def b():
    log.append("B:1")
    await asyncio.sleep(0)
    log.append("B:2")
    await asyncio.sleep(0)
    log.append("B:3")


async def main():
    await asyncio.gather(a(), b())


asyncio.run(main())
print(" ".join(log))
