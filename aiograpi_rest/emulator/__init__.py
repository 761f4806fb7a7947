"""An offline Instagram speaking the private API in the shape aiograpi 1.0.9 parses.

`Emulator(seed)` holds the seeded `world`, the request `log`, the `faults` rules and the ASGI
`app`; see docs/emulator.md.
"""

from aiograpi_rest.emulator.app import Emulator

__all__ = ["Emulator"]
