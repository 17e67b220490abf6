# issue 9's producer/consumer: the producer publishes 1, sets the event, yields, then writes 2.
# The consumer, woken by the event, runs at the producer's yield and sees 1.
import asyncio

log = []
state = {"value": 0}


async def producer(event):
    state["value"] = 1
    event.set()
    log.append("P:set")
    await asyncio.sleep(0)
    state["value"] = 2
    log.append("P:wrote=2")


async def consumer(event):
    await event.wait()
    log.append(f"C:seen={state['value']}")


async def main():
    event = asyncio.Event()
    await asyncio.gather(producer(event), consumer(event))


asyncio.run(main())
print(" ".join(log))
