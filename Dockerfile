# The gateway as the README installs it (`pip install .`), run by a user without privileges.
# Build: docker build --build-arg GIT_SHA=$(git rev-parse HEAD) -t aiograpi-rest .
FROM python:3.11-slim

ARG GIT_SHA=""
ARG BUILD_TIME=""
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    AIOGRAPI_REST_GIT_SHA=${GIT_SHA} \
    AIOGRAPI_REST_BUILD_TIME=${BUILD_TIME}

WORKDIR /tmp/src
COPY . .
RUN pip install . && cd / && rm -rf /tmp/src \
    && useradd --system --create-home --home-dir /data --uid 10001 aiograpi

# /data: the working directory, where a SQLite database and its key file would go when no
# PostgreSQL URL and no AIOGRAPI_REST_SECRET_KEY are set (mount a volume there to keep them).
USER aiograpi
WORKDIR /data
EXPOSE 8000

# Any other command runs the same way: docker run IMAGE import-tinydb /data/db.json
ENTRYPOINT ["aiograpi-rest"]
CMD ["serve", "--host", "0.0.0.0"]
