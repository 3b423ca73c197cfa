# syntax=docker/dockerfile:1
# check=skip=SecretsUsedInArgOrEnv

# --- assets: GOV.UK Frontend and the portal's Sass, compiled into static/build ----------
FROM node:20-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
COPY scripts/build-assets.mjs scripts/
COPY static/ static/
RUN npm ci --no-audit --no-fund && node scripts/build-assets.mjs

# --- the portal -----------------------------------------------------------------------
FROM python:3.11-slim AS portal

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system portal \
    && useradd --system --gid portal --home-dir /app --no-create-home --shell /usr/sbin/nologin portal

# WeasyPrint renders the PDF briefings and packs with Pango, and needs fonts; it embeds
# the fonts faster with HarfBuzz's subsetter than with its fallback, fontTools.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
        libharfbuzz-subset0 fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
COPY --from=assets /src/static/build static/build

# collectstatic needs the production settings to import: these throwaway build arguments
# exist for this step only and are not part of the running image's environment.
ARG SECRET_KEY=collectstatic-only-not-a-secret
ARG ALLOWED_HOSTS=localhost
RUN DJANGO_SETTINGS_MODULE=nca_portal.settings.production \
    SECRET_KEY="$SECRET_KEY" ALLOWED_HOSTS="$ALLOWED_HOSTS" \
    python manage.py collectstatic --noinput

ENV DJANGO_SETTINGS_MODULE=nca_portal.settings.production
RUN mkdir -p /var/lib/nca-portal/media && chown portal:portal /var/lib/nca-portal/media
USER portal
EXPOSE 8000
CMD ["gunicorn", "nca_portal.wsgi", "--bind=0.0.0.0:8000", "--access-logfile=-", "--forwarded-allow-ips=*"]
