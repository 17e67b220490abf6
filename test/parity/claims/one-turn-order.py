# In the loop's first turn, A asks for a 1.3 ms sleep, then 38 tasks each take a step (a yield),
# then Z asks for a 1.25 ms sleep. Both timers fire in one wake-up (epoll waits 2 whole ms): which
# deadline is earlier decides who logs first.
import asyncio
log = []
async def a():
    await asyncio.sleep(0.0013); log.append("A:woke")
async def mid(i):
    await asyncio.sleep(0)
async def z():
    await asyncio.sleep(0.00125); log.append("Z:woke")
async def main():
    await asyncio.gather(a(), *(mid(i) for i in range(38)), z())
asyncio.run(main())
print(" ".join(log))
