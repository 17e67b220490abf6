# A timer that is due at the next turn of the loop: its callback runs in that turn and queues the
# sleeper, which resumes one turn later, after B's next step (B:2, not B:1).
import asyncio
log = []
async def a():
    await asyncio.sleep(0.000001)
    log.append("A:woke")
async def b():
    for i in range(5):
        log.append(f"B:{i}")
        await asyncio.sleep(0)
async def main():
    await asyncio.gather(a(), b())
asyncio.run(main())
print(" ".join(log))
