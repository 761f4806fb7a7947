"""The ASGI entry point uvicorn imports (one app per worker process)."""

from aiograpi_rest.app import create_app
from aiograpi_rest.serving import tune_gc

tune_gc()
app = create_app()
