# Work a task starts and does not await goes on after every task has returned: asyncio.run's
# gather callback, its main coroutine's wake-up and loop.stop take three more turns of the loop,
# in each of which every ready handle runs; then what is left is cancelled. Each background
# task here logs once per turn, so the log shows exactly three of its steps after the returns.
import asyncio

log = []


async def background(name):
    for i in range(3):
        await asyncio.sleep(0)
        log.append(f"{name}{i}")


async def handler(name, loop):
    log.append(f"{name}:start")
    loop.create_task(background(name))
    await asyncio.sleep(0)
    log.append(f"{name}:return")


async def main():
    loop = asyncio.get_running_loop()
    await asyncio.gather(handler("A", loop), handler("B", loop))


asyncio.run(main())
print(" ".join(log))
