"""
Runs a command and writes to fd 3 its wall time and CPU time in ms ("<wall> <cpu>\n"), then exits
with its status. CPU is user + system time from wait4: the command's own and that of every process
it waited for (a hook's sh, node and git), at microsecond resolution. Node.js cannot give this
(no wait4; /proc/self/stat and GNU time count in 10 ms ticks), and on a loaded machine CPU time
stays put where wall time swings 2-5x. Used by bench/child-usage.ts.
"""

import os
import subprocess
import sys
import time

start = time.perf_counter()
# close_fds (the default) keeps fd 3 out of the command, so only this process writes to it.
child = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - start
child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
with os.fdopen(3, "w") as out:
    out.write(f"{wall * 1000:.3f} {(usage.ru_utime + usage.ru_stime) * 1000:.3f}\n")
sys.exit(child.returncode if child.returncode >= 0 else 128 - child.returncode)
