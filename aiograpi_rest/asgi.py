"""The ASGI entry point uvicorn imports (one app per worker process)."""

from aiograpi_rest.app import create_app

app = create_app()
