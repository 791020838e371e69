FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY domain domain
COPY commands commands
COPY queries queries
COPY projections projections
COPY adapters adapters
RUN pip install --no-cache-dir . && useradd --create-home aftersales \
    && mkdir /home/aftersales/data && chown aftersales /home/aftersales/data
USER aftersales
EXPOSE 8000
CMD ["aftersales", "serve", "--host", "0.0.0.0", "--port", "8000"]
