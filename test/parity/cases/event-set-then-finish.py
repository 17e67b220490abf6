# A sets an event and returns at once (no yield); B and C were waiting, D is mid-yield-loop.
import asyncio
log = []
async def a(ev):
    await asyncio.sleep(0); await asyncio.sleep(0)
    ev.set(); log.append("A:set-and-return")
async def w(name, ev):
    log.append(f"{name}:wait"); await ev.wait(); log.append(f"{name}:woke")
    await asyncio.sleep(0); log.append(f"{name}:end")
async def d(ev):
    for i in range(5):
        log.append(f"D:{i}"); await asyncio.sleep(0)
async def main():
    ev = asyncio.Event()
    await asyncio.gather(a(ev), w("B", ev), w("C", ev), d(ev))
asyncio.run(main())
print(" ".join(log))
