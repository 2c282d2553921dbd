# Tenure: the compiled server and web UI on Node.js 20.
#   docker build -t tenure .
#   docker run -p 3000:3000 -v tenure-data:/data tenure            (embedded PGlite, demo company)
#   docker run -e DATABASE_URL=postgres://… tenure start --no-worker   /   … tenure worker
# docker-compose.yml runs an app, a worker and PostgreSQL.

# The Node.js 20 base of both stages. scripts/docker-check.mjs passes a stand-in built from Debian's
# packages on a machine that cannot reach Docker Hub.
ARG NODE_IMAGE=node:20-bookworm-slim

# Build: every dependency (TypeScript, Vite, React …), then dist/ (server) and web/dist/ (UI).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No scripts here: prepare would build before the sources are copied in.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

# Run: production dependencies only (npm ci --omit=dev), the build output, no sources.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    TENURE_DATA_DIR=/data
WORKDIR /app
# Business review decks as PDF are printed by Chromium, with a CJK font for Chinese decks
# (docs/business-reviews.md). Build with --build-arg PDF=no for a smaller image: the PDF export then
# answers 503 and the PPTX export still works.
ARG PDF=yes
RUN if [ "$PDF" = yes ]; then \
      apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk \
      && rm -rf /var/lib/apt/lists/*; \
    fi
COPY package.json package-lock.json ./
# No runtime dependency has an install script; prepare (the build) needs dev dependencies.
# TypeScript comes along as an optional peer of i18next that is also a dev dependency (npm installs
# those even with --omit=dev, npm/cli#7740); nothing imports it at run time, so it goes.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/typescript \
 && npm cache clean --force
COPY bin ./bin
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
# The embedded database (PGlite) lives in /data when DATABASE_URL is unset.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3000
ENTRYPOINT ["node", "bin/tenure.js"]
CMD ["start"]
