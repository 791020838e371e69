FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md constraints.txt ./
COPY domain domain
COPY commands commands
COPY queries queries
COPY projections projections
COPY adapters adapters
# The locked versions, without the embedded PostgreSQL (the image is always given a database).
RUN pip install --no-cache-dir -c constraints.txt . && useradd --create-home aftersales \
    && mkdir /home/aftersales/data && chown aftersales /home/aftersales/data
USER aftersales
EXPOSE 8000
CMD ["aftersales", "serve", "--host", "0.0.0.0", "--port", "8000"]
