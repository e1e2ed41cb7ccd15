# MLflow tracking server for docker-compose: the official MLflow image has no PostgreSQL driver,
# so this adds psycopg2 (and boto3, for the S3-compatible artifact store on OCI). MLflow 2.17.2
# matches the Java mlflow-client the project uses.
FROM python:3.11.10-slim-bookworm

RUN pip install --no-cache-dir mlflow==2.17.2 psycopg2-binary==2.9.10 boto3==1.35.99 \
 && useradd --system --create-home --uid 10001 mlflow \
 && mkdir -p /mlflow/artifacts \
 && chown mlflow:mlflow /mlflow/artifacts

USER mlflow
WORKDIR /home/mlflow
EXPOSE 5000
HEALTHCHECK --interval=10s --timeout=5s --retries=15 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:5000/health', timeout=4)"]
CMD ["mlflow", "server", "--host=0.0.0.0", "--port=5000", "--serve-artifacts", "--artifacts-destination=/mlflow/artifacts"]
