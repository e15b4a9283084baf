# podpath's static site for teams that host it inside their own network: built with Node, served by nginx
# with the security headers of public/_headers (docs/security.md#headers), on port 8080, as a non-root user.
#   docker build -t podpath . && docker run --rm -p 8080:8080 podpath
# Add the sites allowed to embed podpath to frame-ancestors in public/_headers before building.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && node docker/nginx-conf.mjs public/_headers > /tmp/podpath.conf

FROM nginxinc/nginx-unprivileged:1.27-alpine
COPY --from=build /src/dist /usr/share/nginx/html
COPY --from=build /tmp/podpath.conf /etc/nginx/conf.d/default.conf
EXPOSE 8080
