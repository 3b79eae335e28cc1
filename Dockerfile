# SafeDuty: multi-stage image on Node 24 LTS ("Krypton", exact tag pinned), runs as a non-root user.
#   docker build -t safeduty .
#   docker run -p 3000:3000 -v safeduty-data:/app/data -v "$PWD/config:/etc/safeduty" \
#     -e FEISHU_APP_ID=… -e FEISHU_APP_SECRET=… safeduty
# With PostgreSQL: -e DATABASE_URL=postgresql://user:pass@host:5432/safeduty

FROM node:24.11.1-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The development packages (the emulators, npm workspaces) only so that `npm ci` matches the lock
# file; the build leaves them out (tsconfig.build.json) and `npm prune --omit=dev` unlinks them.
COPY packages ./packages
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev && rm -rf node_modules/@safeduty

FROM node:24.11.1-bookworm-slim
ENV NODE_ENV=production
# A 512 MB heap: ~8× what a city's busiest tick keeps alive, and V8 then grows the heap far less
# eagerly than under its default limit (docs/benchmarks.md). Raise it with -e NODE_OPTIONS=….
ENV NODE_OPTIONS=--max-old-space-size=512
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# No sandbox and no emulators here (development tools: `safeduty serve` without channel credentials
# says so and what to set); tests/e2e/production-image.test.ts checks what this stage copies.
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/prisma ./prisma
COPY package.json ./
COPY bin ./bin
# The built-in checklists, duties and holiday calendars: read from /app/config whatever folder holds
# the configuration, so mounting one with only safeduty.yaml and units/ keeps them.
COPY config ./config
# The operator's configuration folder (safeduty.yaml, units/, optional checklists/ duties/ calendars/):
# mount yours over /etc/safeduty. Writable by the service user: `config apply` leaves its mark there.
COPY config/safeduty.yaml /etc/safeduty/safeduty.yaml
RUN mkdir -p /app/data /etc/safeduty/units && chown -R node:node /app/data /etc/safeduty
ENV SAFEDUTY_CONFIG=/etc/safeduty
USER node
EXPOSE 3000
VOLUME ["/app/data"]
# Liveness on the port the configuration sets (safeduty.yaml http.port or PORT), not a fixed 3000.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["node", "bin/safeduty.mjs", "health"]
CMD ["node", "bin/safeduty.mjs", "serve"]
