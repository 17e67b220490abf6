# A and B wake from 1 ms timers in one turn; A sets an event C waits on, B yields: C runs before B.
import asyncio
log = []
async def a(ev):
    await asyncio.sleep(0.001); ev.set(); log.append("A:set"); await asyncio.sleep(0); log.append("A:end")
async def bb(ev):
    await asyncio.sleep(0.001); log.append("B:woke"); await asyncio.sleep(0); log.append("B:end")
async def c(ev):
    log.append("C:wait"); await ev.wait(); log.append("C:woke")
async def main():
    ev = asyncio.Event()
    await asyncio.gather(a(ev), bb(ev), c(ev))
asyncio.run(main())
print(" ".join(log))
