# Stand-in for postgres:16 on a machine that cannot reach Docker Hub: Debian's PostgreSQL 15 (Tenure
# needs 15+) behind the official image's environment variables (postgres-entrypoint.sh).
ARG DEBIAN_IMAGE=tenure-offline/debian:bookworm
FROM ${DEBIAN_IMAGE}
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/*
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint.sh
ENV PGDATA=/var/lib/postgresql/data
VOLUME /var/lib/postgresql/data
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/postgres-entrypoint.sh"]
