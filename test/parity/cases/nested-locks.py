# Nested free locks do not suspend either: A takes both, leaves both, and finishes first.
import asyncio

log = []


async def a(outer, inner):
    log.append("A:start")
    async with outer:
        async with inner:
            log.append("A:in")
        log.append("A:between")
    log.append("A:out")


async def b(outer, inner):
    log.append("B:1")
    await asyncio.sleep(0)
    log.append("B:2")


async def main():
    outer, inner = asyncio.Lock(), asyncio.Lock()
    await asyncio.gather(a(outer, inner), b(outer, inner))


asyncio.run(main())
print(" ".join(log))
