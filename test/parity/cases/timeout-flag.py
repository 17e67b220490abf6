# A timeout without cancellation: a timer task sets a flag after 50 ms; a worker that sleeps 20 ms
# per step sees it before its third step. The margins (10 ms) keep the order under a loaded machine.
import asyncio
log = []
state = {"timed_out": False, "done": False}
async def timer():
    await asyncio.sleep(0.05)
    if not state["done"]:
        state["timed_out"] = True
        log.append("timer:fired")
async def worker():
    for i in range(5):
        if state["timed_out"]:
            log.append(f"worker:gave-up@{i}")
            return
        await asyncio.sleep(0.02)
        log.append(f"worker:step{i}")
    state["done"] = True
    log.append("worker:done")
async def main():
    await asyncio.gather(timer(), worker())
asyncio.run(main())
print(" ".join(log))
