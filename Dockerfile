# syntax=docker/dockerfile:1.7
# Tongban (通办) images. One file, four stages:
#   pwa         node builds the PWA (pwa/dist)
#   nginx-conf  renders nginx/tongban.conf.template for production (TLS)
#   web         nginx + the built PWA + that config          (compose service `nginx`)
#   app         python runtime, gunicorn, non-root (default)  (compose services `app`, `worker`)
# Build:  docker build -t tongban/app .          docker build --target web -t tongban/web .

ARG NODE_IMAGE=node:22-bookworm-slim
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NGINX_IMAGE=nginx:1.28-alpine

# ---- pwa: lockfile first, so source edits do not re-download node_modules ----------------------
FROM ${NODE_IMAGE} AS pwa
WORKDIR /src/pwa
COPY pwa/package.json pwa/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY i18n/ /src/i18n/
COPY pwa/ ./
RUN npm run build

# ---- nginx-conf: the same renderer the tests use, so production runs the tested template --------
FROM ${PYTHON_IMAGE} AS nginx-conf
COPY nginx/ /src/nginx/
RUN python3 /src/nginx/render.py --tls --app-upstream app:8000 \
        --pwa-root /usr/share/nginx/tongban --out /out/default.conf

# ---- web ----------------------------------------------------------------------------------------
FROM ${NGINX_IMAGE} AS web
# Replaces the image's default server; its nginx.conf includes conf.d/*.conf inside http { }.
COPY --from=nginx-conf /out/default.conf /etc/nginx/conf.d/default.conf
COPY --from=pwa /src/pwa/dist /usr/share/nginx/tongban
RUN mkdir -p /var/www/acme /etc/nginx/certs
EXPOSE 80 443

# ---- app ----------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS app
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv \
 && useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin tongban
WORKDIR /app

# Dependencies in their own layer: only the runtime ones from pyproject.toml, at the versions
# pinned in requirements.lock (used as constraints, so dev tools in the lock are not installed).
COPY pyproject.toml requirements.lock ./
RUN python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml","rb"))["project"]["dependencies"]))' > /tmp/deps.txt \
 && pip install -c requirements.lock -r /tmp/deps.txt \
 && rm /tmp/deps.txt

# The app finds i18n/, migrations and pwa/dist relative to the repository root (tongban.config
# REPO_ROOT), so the image keeps the repository layout under /app and installs in editable mode.
COPY backend/ backend/
COPY i18n/ i18n/
# .mo files are build output (not in git): compile the backend's catalogues here.
RUN pip install --no-deps -e . \
 && pybabel compile -d i18n -D messages
COPY --from=pwa /src/pwa/dist pwa/dist

# Local file storage and anything else the app writes lives in one volume owned by the app user.
RUN mkdir -p /var/lib/tongban && chown tongban:tongban /var/lib/tongban
# gunicorn: heartbeat files in RAM (the root fs is read-only in compose); trust X-Forwarded-* from
# nginx, the only peer on the network; no control socket (gunicorn ≥ 27 puts one in $HOME).
ENV TONGBAN_ENV=production \
    TONGBAN_INSTANCE=/var/lib/tongban \
    TONGBAN_PWA_DIST=/app/pwa/dist \
    GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000 --workers 3 --worker-tmp-dir /dev/shm --forwarded-allow-ips=* --access-logfile - --timeout 60 --graceful-timeout 30 --no-control-socket"
USER tongban
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health', timeout=4)"]
# gunicorn reads GUNICORN_CMD_ARGS, so compose or `docker run -e` can tune workers without a rebuild.
CMD ["gunicorn", "-c", "python:tongban.gunicorn_conf", "tongban.wsgi:app"]
