"""The ASGI entry point uvicorn imports (one app per worker process)."""

import gc

from aiograpi_rest.app import create_app

# CPython collects its youngest generation every 700 net allocations, and a request allocates
# thousands of objects that mostly die by reference counting anyway. Measured with gc.callbacks
# over one `bench/run.py --quick --seconds 6 --only 'GET /user'` run (about 6,000 requests):
# defaults, 850-900 collections taking 0.93-0.96 s; these thresholds, 240 taking 0.57-0.61 s.
gc.set_threshold(50_000, 20, 100)

app = create_app()
