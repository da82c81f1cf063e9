# Charte in a container: the release binary (make release, the widget
# embedded) on an empty base, run as a non-root user. The final image holds
# the binary, CA certificates (for a PostgreSQL over TLS), the sample
# configs and a writable /data, and no toolchain or shell.
#
#   docker build -t charte .
#   docker run -p 8080:8080 -v "$PWD/config:/config:ro" -v charte-data:/data charte

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The same command as outside a container: see the Makefile's release.
RUN make release && ./charte validate config/*.json
RUN mkdir -p /out/data /out/config && cp charte /out/ && cp config/*.json /out/config/

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /out/charte /usr/local/bin/charte
COPY --from=build /out/config /config
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
WORKDIR /data
EXPOSE 8080
# Proofs go to /data/charte.db (SQLite) unless CHARTE_DB names a
# postgres:// URL; configs are reloaded when a file of /config changes.
ENV CHARTE_DB=/data/charte.db
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s CMD ["charte", "health", "-url", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["charte"]
CMD ["serve", "-addr", ":8080", "-config", "/config", "-log", "json"]
