# Awaiting a future that is already done (here of a Future subclass) does not suspend.
import asyncio
log = []
class Deferred(asyncio.Future): pass
async def a(s):
    log.append("a1")
    await s["p"]
    log.append("a2")
async def b():
    log.append("b")
async def main():
    p = Deferred(); p.set_result(1)
    await asyncio.gather(a({"p": p}), b())
asyncio.run(main())
print(" ".join(log))
