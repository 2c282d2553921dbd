# Stand-in for node:20-bookworm-slim on a machine that cannot reach Docker Hub: Debian bookworm with this
# machine's Node.js 20 and npm, laid out as the official image lays them out (/usr/local, a node user with
# uid 1000). scripts/docker-check.mjs builds it, the context holding node, npm and the machine's CA bundle.
ARG DEBIAN_IMAGE=tenure-offline/debian:bookworm
FROM ${DEBIAN_IMAGE}
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && mkdir -p /usr/local/etc \
 && echo 'cafile=/etc/ssl/certs/ca-certificates.crt' > /usr/local/etc/npmrc \
 && groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
CMD ["node"]
