"""Project-wide pytest set-up.

nbval 0.10+ executes cells with `store_history=False`, which makes IPython ignore a trailing `;`, so a
plot call ending in `;` shows its return value under nbval but not in Jupyter (nbval issue #194, still
open in 0.11). Cells are executed here as Jupyter executes them, with history on.
"""

from __future__ import annotations

import functools

try:
    from nbval.kernel import RunningKernel
except ImportError:  # nbval is a dev dependency; unit tests run without it
    RunningKernel = None

if RunningKernel is not None:
    @functools.wraps(RunningKernel.execute_cell_input)
    def _execute_with_history(self, cell_input, allow_stdin=None):
        return self.kc.execute(cell_input, allow_stdin=allow_stdin, stop_on_error=False, store_history=True)

    RunningKernel.execute_cell_input = _execute_with_history
