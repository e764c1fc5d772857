# The ledger image: one image, two processes (ledger-api, projector), chosen by the command.
# Built by docker-compose.yml; see docs/production.md.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary fits the platform; node-gyp takes
# Node's headers from the image instead of downloading them.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local
# npm 11 honours package.json "allowScripts": only the install scripts approved there run.
RUN npm install -g npm@11.19.1 --no-audit --no-fund
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY libs libs
COPY apps apps
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
  LEDGER_HOST=0.0.0.0 \
  LEDGER_PORT=3000 \
  LEDGER_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
# /data holds what stays local to one container: the person key file in this version, the
# Kafka gateway's checkpoint, and the SQLite log when LEDGER_STORE=sqlite.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
CMD ["node", "dist/apps/ledger-api/src/main.js"]
