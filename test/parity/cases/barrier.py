# A barrier of 5: each arrives after i yields; the last arrival sets the event; all then leave.
import asyncio
log = []
st = {"n": 0}
async def worker(i, ev):
    name = chr(65 + i)
    for _ in range((i * 2) % 5):
        await asyncio.sleep(0)
    st["n"] += 1
    log.append(f"{name}:arrive{st['n']}")
    if st["n"] == 5:
        ev.set()
    await ev.wait()
    log.append(f"{name}:go")
async def main():
    ev = asyncio.Event()
    await asyncio.gather(*(worker(i, ev) for i in range(5)))
asyncio.run(main())
print(" ".join(log))
