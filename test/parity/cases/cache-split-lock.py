# The lesson's cache with a lock around the check and another around the insert, the fetch
# (sleep 1 ms) outside: tasks ask for posts 1, 1, 2 and post 1 is fetched twice: 3 fetches.
import asyncio

log = []
cache = {}
fetches = [0]


async def fetch(post):
    fetches[0] += 1
    await asyncio.sleep(0.001)
    return f"title {post}"


async def get(name, post, lock):
    async with lock:
        cached = cache.get(post)
    if cached is not None:
        log.append(f"{name}:hit")
        return
    log.append(f"{name}:miss")
    title = await fetch(post)
    async with lock:
        cache[post] = title
    log.append(f"{name}:insert")


async def main():
    lock = asyncio.Lock()
    await asyncio.gather(get("A", 1, lock), get("B", 1, lock), get("C", 2, lock))


asyncio.run(main())
log.append(f"fetches={fetches[0]}")
print(" ".join(log))
