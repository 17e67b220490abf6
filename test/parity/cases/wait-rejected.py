# A fails a future B waits on (set_exception) after a yield; C awaits it once it already failed.
import asyncio
log = []
async def a(fut):
    await asyncio.sleep(0)
    fut.set_exception(ValueError("nope")); log.append("A:failed")
    await asyncio.sleep(0); log.append("A:end")
async def bb(fut):
    log.append("B:wait")
    try:
        await fut
    except ValueError as e:
        log.append(f"B:caught={e}")
async def c(fut):
    await asyncio.sleep(0); await asyncio.sleep(0)
    log.append("C:wait")
    try:
        await fut
    except ValueError as e:
        log.append(f"C:caught={e}")
    log.append("C:end")
async def main():
    fut = asyncio.get_running_loop().create_future()
    await asyncio.gather(a(fut), bb(fut), c(fut))
asyncio.run(main())
print(" ".join(log))
