# The lesson's cache with the lock held across check, fetch and insert: 2 fetches.
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
        if post in cache:
            log.append(f"{name}:hit")
            return
        log.append(f"{name}:miss")
        cache[post] = await fetch(post)
        log.append(f"{name}:insert")


async def main():
    lock = asyncio.Lock()
    await asyncio.gather(get("A", 1, lock), get("B", 1, lock), get("C", 2, lock))


asyncio.run(main())
log.append(f"fetches={fetches[0]}")
print(" ".join(log))
