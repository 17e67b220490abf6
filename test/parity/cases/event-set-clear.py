# An event set and cleared at once still wakes its waiters (they were woken by set), and a
# later wait on the cleared event suspends until the next set.
import asyncio
log = []
async def a(ev):
    await asyncio.sleep(0)
    ev.set(); ev.clear(); log.append("A:set-clear")
    await asyncio.sleep(0)
    log.append("A:2")
    ev.set(); log.append("A:set")
async def w(name, ev):
    log.append(f"{name}:wait1")
    await ev.wait()
    log.append(f"{name}:woke1")
    await ev.wait()
    log.append(f"{name}:woke2")
async def main():
    ev = asyncio.Event()
    await asyncio.gather(a(ev), w("B", ev), w("C", ev))
asyncio.run(main())
print(" ".join(log))
