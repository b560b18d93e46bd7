#!/usr/bin/env bash
# Refreshes the vendored OTLP .proto files (src/modules/otel/otlp/proto/) from pinned Maven Central artifacts that
# ship the official sources: io.opentelemetry.proto:opentelemetry-proto (the opentelemetry-proto files) and
# com.google.api.grpc:proto-google-common-protos (googleapis' google/rpc/status.proto). Not run by CI: bump a
# version below, run this, then `npm run generate` (which regenerates otlp-descriptor.json) and commit all of it.
#   bash scripts/vendor-otlp-proto.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OTLP_PROTO=io.opentelemetry.proto:opentelemetry-proto:1.11.0-alpha
COMMON_PROTOS=com.google.api.grpc:proto-google-common-protos:2.50.0
FILES=(
  opentelemetry/proto/collector/trace/v1/trace_service.proto
  opentelemetry/proto/trace/v1/trace.proto
  opentelemetry/proto/common/v1/common.proto
  opentelemetry/proto/resource/v1/resource.proto
)
dest=src/modules/otel/otlp/proto
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for artifact in "$OTLP_PROTO" "$COMMON_PROTOS"; do
  mvn -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$tmp"
done
for f in "${FILES[@]}"; do
  mkdir -p "$dest/$(dirname "$f")"
  unzip -p "$tmp"/opentelemetry-proto-*.jar "$f" > "$dest/$f"
done
mkdir -p "$dest/google/rpc"
unzip -p "$tmp"/proto-google-common-protos-*.jar google/rpc/status.proto > "$dest/google/rpc/status.proto"
echo "vendored ${#FILES[@]} opentelemetry-proto files ($OTLP_PROTO) and google/rpc/status.proto ($COMMON_PROTOS) into $dest"
