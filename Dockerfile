# Production image: the same install steps as the Makefile (requirements.txt, then Chart.js from
# the pinned package-lock.json, then collectstatic).
FROM node:20-slim AS static
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=static /build/node_modules/chart.js/dist/chart.umd.min.js* static/vendor/
RUN SECRET_KEY=build-only DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput -v 0
RUN useradd --system --home /app occupancy && mkdir -p /app/var && chown occupancy /app/var
USER occupancy
EXPOSE 8000
# ASGI: uvicorn workers under gunicorn hold thousands of push streams on their event loops; sync views
# (exports included) run in threads. No worker timeout cut-off below the length of a large CSV export.
CMD ["gunicorn", "occupancy.asgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--worker-class", "uvicorn_worker.UvicornWorker", "--timeout", "600", "--graceful-timeout", "10", \
     "--access-logfile", "-"]
