# Work a task starts and does not await (create_task, JavaScript's `void f()`): asyncio.run's
# gather ends when every task has returned, and what still waits is cancelled. task_A's audit,
# due at 5 ms, lands while task_B still sleeps; task_B's, started as it returns, never does.
import asyncio

log = []


async def audit(name):
    await asyncio.sleep(0.005)
    log.append(f"{name}:audited")


async def handler(name, loop):
    log.append(f"{name}:start")
    if name == "B":
        await asyncio.sleep(0.010)
    loop.create_task(audit(name))
    log.append(f"{name}:return")


async def main():
    loop = asyncio.get_running_loop()
    await asyncio.gather(handler("A", loop), handler("B", loop))


asyncio.run(main())
print(" ".join(log))
