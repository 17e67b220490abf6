# locked() read at many points: before, while held, after a release with no waiters, in the
# hand-off window (by the releaser and by a bystander), in the woken waiter, at the end.
import asyncio
log = []
def b(v): return str(v).lower()
async def a(lock):
    log.append(f"A:before={b(lock.locked())}")
    await lock.acquire()
    log.append(f"A:held={b(lock.locked())}")
    lock.release()
    log.append(f"A:free={b(lock.locked())}")
    await lock.acquire()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    lock.release()
    log.append(f"A:handoff={b(lock.locked())}")
    await asyncio.sleep(0)
    log.append(f"A:later={b(lock.locked())}")
async def bb(lock):
    await asyncio.sleep(0)
    log.append(f"B:req={b(lock.locked())}")
    await lock.acquire()
    log.append(f"B:got={b(lock.locked())}")
    await asyncio.sleep(0)
    lock.release()
    log.append(f"B:rel={b(lock.locked())}")
async def c(lock):
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    log.append(f"C:1={b(lock.locked())}")
    await asyncio.sleep(0)
    log.append(f"C:2={b(lock.locked())}")
    await asyncio.sleep(0)
    log.append(f"C:3={b(lock.locked())}")
    await asyncio.sleep(0)
    log.append(f"C:4={b(lock.locked())}")
async def main():
    lock = asyncio.Lock()
    await asyncio.gather(a(lock), bb(lock), c(lock))
    log.append(f"end={b(lock.locked())}")
asyncio.run(main())
print(" ".join(log))
