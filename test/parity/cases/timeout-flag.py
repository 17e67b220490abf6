# A timeout without cancellation: a timer task sets a flag after 50 ms; a worker that sleeps 20 ms
# per step sees it before its fourth step (steps at 20, 40 and 60 ms; the timer at 50).
#
# On a real clock this program's order depends on how late the loop wakes: each sleep is relative
# to when the task asked for it, so on a loaded machine the worker's delays add up and its second
# step can come after the timer (a CI run on a busy machine gave "step0 timer:fired step1"). The
# loop here is asyncio's own, with a clock that jumps to the next timer instead of waiting for it,
# so the order is the one the program's times say, on any machine. Its timers are 10 ms apart,
# far more than lockdemo's tick per turn and its rounding of a wait to whole milliseconds.
import asyncio


class VirtualClockLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        super().__init__()
        self._virtual_now = 0.0
        select = self._selector.select

        def jump(timeout=None):
            # Nothing ready: the loop would wait `timeout` seconds for its next timer. Time passes
            # at once instead, and the timer is due when the loop looks.
            if timeout:
                self._virtual_now += timeout
            return select(0)

        self._selector.select = jump

    def time(self):
        return self._virtual_now


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
loop = VirtualClockLoop()
try:
    loop.run_until_complete(main())
finally:
    loop.close()
print(" ".join(log))
