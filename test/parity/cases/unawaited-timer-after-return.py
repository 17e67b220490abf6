# The only task starts background work that sleeps 1 us and returns; the loop's three stopping
# turns let the timer fire and the work log before asyncio.run cancels what is left.
import asyncio
log = []
async def bg():
    await asyncio.sleep(0.000001); log.append("bg:1")
    await asyncio.sleep(0); log.append("bg:2")
    await asyncio.sleep(0); log.append("bg:3")
async def a():
    asyncio.get_running_loop().create_task(bg())
    log.append("A:return")
async def main():
    await asyncio.gather(a())
asyncio.run(main())
print(" ".join(log))
