"""Reproducible chunked execution of sweeps and Monte Carlo runs: in this process, on a process
pool, or on a Dask cluster — with byte-identical results.

- **Tasks sized for the scheduler.** A task is a contiguous range of items (grid points, draws,
  paths, rankings) carrying about :data:`TARGET_WORK` units of work (one unit: one floor checked
  at one settlement, or the like), a few tenths of a second — never one task per item: a Dask
  task costs a few milliseconds of scheduling, far more than the work of one grid point. Inside
  a task the work runs in cache-sized batches.
- **Randomness keyed by position, not by worker.** Draws are grouped in *stream blocks* of
  :data:`STREAM_BLOCK`; block ``b`` of a stream with entropy ``e`` draws from
  ``PCG64(SeedSequence(e, spawn_key=(b,)))``, the ``b``-th child of ``SeedSequence(e)`` (PCG64:
  O'Neill 2014, "PCG: a family of simple fast space-efficient statistically good algorithms for
  random number generation", Harvey Mudd College HMC-CS-2014-0905; NumPy's ``SeedSequence``
  spawning gives independent streams). A task is a whole number of blocks, so the numbers a draw
  gets depend neither on the task size, nor on the number of workers, nor on the order in which
  tasks finish.
- **Shared data sent once.** The read-only part of the work (an evaluator, a parameter space)
  goes to every Dask worker once (``scatter(broadcast=True)``); tasks receive a reference.
- **Results combined in task order**, so the combination is the serial loop's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from negotiation.errors import InputError

__all__ = ["INSTALL_HINT", "STREAM_BLOCK", "TARGET_WORK", "Runner", "dask_client", "is_dask",
           "stream", "task_ranges", "uniforms"]

STREAM_BLOCK = 1024            # draws per random stream
TARGET_WORK = 20_000_000       # work units per task (about 0.1–0.5 s on one core)
INSTALL_HINT = "install Dask with: pip install 'negotiation[distributed]'"
CONNECT_TIMEOUT = "20s"        # to reach a running scheduler


def task_ranges(items: int, work_per_item: float, block: int = 1,
                target: float = TARGET_WORK) -> list[tuple[int, int]]:
    """Contiguous ``(start, stop)`` ranges covering ``range(items)``, each about ``target``
    units of work and a multiple of ``block`` items (the last may be shorter).

    >>> task_ranges(10, 3.0, block=2, target=7)
    [(0, 2), (2, 4), (4, 6), (6, 8), (8, 10)]
    """
    size = max(1, int(target // max(work_per_item, 1e-300)))
    size = max(block, size // block * block)
    return [(s, min(items, s + size)) for s in range(0, items, size)]


def stream(entropy: int | Sequence[int], block: int) -> np.random.Generator:
    """The random stream of stream block ``block``: the ``block``-th child of
    ``SeedSequence(entropy)``.

    >>> child = np.random.SeedSequence(5).spawn(4)[3]
    >>> bool(stream(5, 3).random() == np.random.Generator(np.random.PCG64(child)).random())
    True
    """
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(entropy,
                                                                      spawn_key=(block,))))


def uniforms(entropy: int | Sequence[int], start: int, stop: int, k: int = 1,
             block: int = STREAM_BLOCK) -> np.ndarray:
    """``(stop − start, k)`` uniforms on ``[0, 1)`` for items ``start … stop−1``: item ``i``
    takes row ``i mod block`` of stream block ``i div block``. Every block is drawn whole, so an
    item's numbers do not depend on ``start`` and ``stop``.

    >>> a = uniforms(7, 0, 6, 2, block=4)
    >>> bool(np.array_equal(a[4:], uniforms(7, 4, 6, 2, block=4)))
    True
    """
    out = np.empty((stop - start, k))
    for b in range(start // block, -(-stop // block)):
        rows = stream(entropy, b).random((block, k))
        lo, hi = max(start, b * block), min(stop, (b + 1) * block)
        out[lo - start:hi - start] = rows[lo - b * block:hi - b * block]
    return out


def is_dask(executor: Any) -> bool:
    """Whether ``executor`` is a Dask ``Client`` (or behaves like one)."""
    return hasattr(executor, "scatter") and hasattr(executor, "gather")


class Runner:
    """Runs ``fn(shared, *task)`` for each task, in this process (``executor`` ``None``), on a
    ``concurrent.futures`` executor, or on a Dask ``Client``; results in task order, with a
    progress bar (``progress``) advanced by each task's ``weight`` as tasks finish."""

    def __init__(self, executor: Any = None, progress: bool = False, what: str = "") -> None:
        self.executor, self.progress, self.what = executor, progress, what

    def map(self, fn: Callable, shared: Any, tasks: Sequence[tuple],
            weights: Sequence[int] | None = None) -> list:
        from tqdm import tqdm

        weights = [1] * len(tasks) if weights is None else list(weights)
        bar = tqdm(total=sum(weights), desc=self.what, disable=not self.progress, leave=False)
        try:
            if self.executor is None:
                out = []
                for task, w in zip(tasks, weights):
                    out.append(fn(shared, *task))
                    bar.update(w)
                return out
            if is_dask(self.executor):
                return self._dask(fn, shared, tasks, weights, bar)
            futures = [self.executor.submit(fn, shared, *task) for task in tasks]
            out = []
            for future, w in zip(futures, weights):
                out.append(future.result())
                bar.update(w)
            return out
        finally:
            bar.close()

    def _dask(self, fn: Callable, shared: Any, tasks: Sequence[tuple], weights: list[int],
              bar: Any) -> list:
        from distributed import as_completed

        client = self.executor
        # One object, sent to every worker once; a fresh key (hash=False) so that a second run
        # never races with the release of the first one's copy.
        [ref] = client.scatter([shared], broadcast=True, hash=False)
        futures = [client.submit(fn, ref, *task, pure=False) for task in tasks]
        weight = {f.key: w for f, w in zip(futures, weights)}
        for future in as_completed(futures):
            bar.update(weight[future.key])
        out = client.gather(futures)
        del futures, ref
        return out


@contextmanager
def dask_client(address: str, workers: int = 2) -> Iterator[Any]:
    """A Dask client: ``"local"`` starts a ``LocalCluster`` of ``workers`` single-threaded
    worker processes on this machine (closed on exit); anything else is the address of a
    running scheduler (``tcp://host:8786``)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError("needs the 'distributed' package, which is not installed",
                         argument="dask", value=address, fix=INSTALL_HINT) from None
    if address == "local":
        import dask

        # Dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536 in its workers; setting it disables
        # glibc's dynamic mmap threshold (mallopt(3)), so every NumPy temporary above 128 KiB is
        # mapped and page-faulted afresh: several times slower. None leaves it unset.
        keep_malloc = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
        with dask.config.set(keep_malloc), \
                LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                             dashboard_address=":0") as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as err:
        raise InputError(f"cannot reach a Dask scheduler there ({err})", argument="dask",
                         value=address,
                         fix="start one with `dask scheduler` and give its address "
                             "(tcp://HOST:8786), or use local") from None
    with client:
        yield client
