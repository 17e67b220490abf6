# The lesson's counter without a lock: every task reads 0, so the counter ends at 1.
import asyncio

log = []
state = {"counter": 0}


async def increment(name):
    current = state["counter"]
    log.append(f"{name}:read={current}")
    await asyncio.sleep(0)
    state["counter"] = current + 1
    log.append(f"{name}:wrote={current + 1}")


async def main():
    await asyncio.gather(*(increment(name) for name in "ABC"))


asyncio.run(main())
log.append(f"final={state['counter']}")
print(" ".join(log))
