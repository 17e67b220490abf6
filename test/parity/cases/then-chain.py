# B waits on a future derived from A's (a done callback copies the result, as JS's .then would);
# C waits on A's future directly. A sets its future and yields.
import asyncio
log = []
async def a(f):
    await asyncio.sleep(0); f.set_result(1); log.append("A:set"); await asyncio.sleep(0); log.append("A:1")
    await asyncio.sleep(0); log.append("A:2")
async def bb(g):
    log.append("B:wait"); await g; log.append("B:woke")
async def c(f):
    log.append("C:wait"); await f; log.append("C:woke")
async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future(); g = loop.create_future()
    f.add_done_callback(lambda fut: g.set_result(fut.result() + 1))
    await asyncio.gather(a(f), bb(g), c(f))
asyncio.run(main())
print(" ".join(log))
