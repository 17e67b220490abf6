# Single-flight with a future the first asker resolves after awaiting its own fetch coroutine
# (no extra task): the JS deferred pattern.
import asyncio
log = []
inflight = {}
async def fetch(post):
    log.append(f"fetch{post}:start"); await asyncio.sleep(0.001); log.append(f"fetch{post}:end")
    return f"title{post}"
async def get(name, post):
    fut = inflight.get(post)
    if fut is not None:
        log.append(f"{name}:wait")
        r = await fut
    else:
        log.append(f"{name}:miss")
        fut = asyncio.get_running_loop().create_future()
        inflight[post] = fut
        r = await fetch(post)
        fut.set_result(r)
    log.append(f"{name}:got={r}")
async def main():
    await asyncio.gather(get("A", 1), get("B", 1), get("C", 2), get("D", 1))
asyncio.run(main())
print(" ".join(log))
