# Three 5 ms sleeps: A asks a turn late; B and C at once. All fire in one turn, by deadline.
import asyncio
log = []
async def a():
    await asyncio.sleep(0)
    log.append("A:sleep")
    await asyncio.sleep(0.005)
    log.append("A:woke")
async def bb():
    log.append("B:sleep")
    await asyncio.sleep(0.005)
    log.append("B:woke")
    await asyncio.sleep(0)
    log.append("B:after")
async def c():
    log.append("C:sleep")
    await asyncio.sleep(0.005)
    log.append("C:woke")
async def main():
    await asyncio.gather(a(), bb(), c())
asyncio.run(main())
print(" ".join(log))
