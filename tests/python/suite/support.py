"""One test body for both client interfaces: `q(...)` runs what the async client returns on a single event
loop (the client's HTTP session is bound to it) and passes the sync client's results through."""

import asyncio
import inspect
import os

PROVIDER = os.environ.get('REFRACT_PY_PROVIDER', 'sqlite')
INTERFACE = os.environ.get('REFRACT_PY_INTERFACE', 'asyncio')

_loop = asyncio.new_event_loop()


def q(value):
    if inspect.isawaitable(value):
        return _loop.run_until_complete(value)
    return value


def sleep(seconds: float) -> None:
    q(asyncio.sleep(seconds)) if INTERFACE == 'asyncio' else __import__('time').sleep(seconds)
