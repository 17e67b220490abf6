# Runs each asyncio program given on the command line in this one interpreter (fresh globals
# for each, as `python3 program.py` would have) and prints {path: its stdout, stripped} as JSON:
# one python3 start-up for the whole parity suite instead of one per case.
import contextlib
import io
import json
import runpy
import sys

logs = {}
for path in sys.argv[1:]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        runpy.run_path(path, run_name="__main__")
    logs[path] = out.getvalue().strip()
print(json.dumps(logs))
