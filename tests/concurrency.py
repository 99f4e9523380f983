"""Run the same work from several threads released at the same instant, each on its own
database connection: how the tests make two requests, sweeps or imports race for real."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.db import connections

T = TypeVar("T")


def at_once(work: Callable[..., T], arguments: Sequence[tuple], *, timeout: float = 120) -> list[T]:
    """Call `work(*args)` for each tuple of `arguments`, all threads starting together.

    Returns the results in the order the calls finished; re-raises the first error a call
    raised. Each thread closes its connections when done.
    """
    barrier = threading.Barrier(len(arguments))
    results: list[T] = []
    errors: list[BaseException] = []

    def run(args: tuple) -> None:
        try:
            barrier.wait()
            results.append(work(*args))
        except BaseException as exc:  # handed to the caller below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(args,)) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish in time"
    if errors:
        raise errors[0]
    return results
