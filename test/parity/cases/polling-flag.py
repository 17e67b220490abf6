# A task polls a flag with sleep(0) while another sets it after sleep(0.001): it finishes. The
# log leaves out the number of polls, which depends on real time.
import asyncio

log = []
state = {"flag": False}


async def poller():
    log.append("poller:start")
    while not state["flag"]:
        await asyncio.sleep(0)
    log.append("poller:saw")


async def setter():
    log.append("setter:start")
    await asyncio.sleep(0.001)
    state["flag"] = True
    log.append("setter:set")


async def main():
    await asyncio.gather(poller(), setter())


asyncio.run(main())
print(" ".join(log))
