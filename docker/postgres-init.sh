#!/usr/bin/env bash
# Runs once, when the postgres container initialises an empty data volume
# (/docker-entrypoint-initdb.d). Creates the portal's two roles and its database:
#
#   portal_owner  owns the database and its tables; `migrate` runs as it.
#   portal_app    the runtime role of web, worker and beat: it may read and write the
#                 portal's tables but owns nothing, and the migrate step revokes its
#                 UPDATE, DELETE and TRUNCATE on history, so it cannot rewrite history.
set -euo pipefail

: "${PORTAL_DB_NAME:=nca_portal}"
: "${PORTAL_OWNER_PASSWORD:?PORTAL_OWNER_PASSWORD must be set}"
: "${PORTAL_APP_PASSWORD:?PORTAL_APP_PASSWORD must be set}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v db="$PORTAL_DB_NAME" \
    -v owner_password="$PORTAL_OWNER_PASSWORD" \
    -v app_password="$PORTAL_APP_PASSWORD" <<'SQL'
CREATE ROLE portal_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE portal_app LOGIN PASSWORD :'app_password'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
CREATE DATABASE :"db" OWNER portal_owner ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO portal_app;
SQL

# In PostgreSQL 15 the public schema belongs to the database owner and nobody else may
# create in it; say so explicitly all the same.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$PORTAL_DB_NAME" <<'SQL'
ALTER SCHEMA public OWNER TO portal_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO portal_app;
SQL
