# Charte in a container: the release binary (make release, the widget
# embedded) on an empty base, run as a non-root user. It holds the binary,
# CA certificates (for a PostgreSQL over TLS), the sample configs and a
# writable /data: no toolchain, no shell, nothing pulled from a registry.
# `make image` stages its context (.bin/image) and builds it:
#
#   make image                       # the image charte:latest
#   docker run -p 8080:8080 -v "$PWD/config:/config:ro" -v charte-data:/data charte

FROM scratch
COPY ca-certificates.crt /etc/ssl/certs/
COPY charte /usr/local/bin/charte
COPY config /config
COPY --chown=65532:65532 data /data
USER 65532:65532
WORKDIR /data
EXPOSE 8080
# Proofs go to /data/charte.db (SQLite) unless CHARTE_DB names a
# postgres:// URL; configs are reloaded when a file of /config changes,
# or at once on SIGHUP. CHARTE_ADDR is where serve listens and where the
# health check asks.
ENV CHARTE_DB=/data/charte.db CHARTE_ADDR=:8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s CMD ["charte", "health"]
ENTRYPOINT ["charte"]
CMD ["serve", "-config", "/config", "-log", "json"]
