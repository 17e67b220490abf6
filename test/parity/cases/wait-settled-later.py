# B waits on an unset event; A sets it after two yields; C waits after it is set (no suspension).
import asyncio
log = []
async def a(ev):
    await asyncio.sleep(0); await asyncio.sleep(0)
    ev.set(); log.append("A:set")
    log.append("A:end")
async def bb(ev):
    log.append("B:wait"); await ev.wait(); log.append("B:woke")
    await asyncio.sleep(0); log.append("B:end")
async def c(ev):
    for i in range(3):
        log.append(f"C:{i}"); await asyncio.sleep(0)
    log.append(f"C:wait set={str(ev.is_set()).lower()}"); await ev.wait(); log.append("C:passed")
async def main():
    ev = asyncio.Event()
    await asyncio.gather(a(ev), bb(ev), c(ev))
asyncio.run(main())
print(" ".join(log))
