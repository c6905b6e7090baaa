#!/usr/bin/env bash
# Builds the local test images without any registry:
#   coxswain/testbox:latest  FROM scratch + static busybox + one symlink per applet + /www/index.html
#                            (default command: busybox httpd -f -p 8080)
#   coxswain/pause:latest    FROM scratch + static busybox; the pod sandbox that holds a pod's network namespace
# Idempotent and fast: each image carries a label with the hash of everything that goes into it, and is
# rebuilt only when that hash changes (or the image is missing).
# Needs: a running Docker engine and Debian's busybox-static (/bin/busybox, statically linked).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IMAGES_DIR="$ROOT/deploy/test-images"
BUSYBOX="${BUSYBOX:-/bin/busybox}"
HASH_LABEL="io.coxswain.content-hash"

if ! file -L "$BUSYBOX" 2>/dev/null | grep -q 'statically linked'; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "installing busybox-static" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q busybox-static >/dev/null
  fi
  file -L "$BUSYBOX" 2>/dev/null | grep -q 'statically linked' \
    || { echo "error: $BUSYBOX is not a static busybox (apt-get install busybox-static)" >&2; exit 1; }
fi

# build_image <name:tag> <dir under deploy/test-images> <applets: all|space-separated list>
build_image() {
  local image="$1" dir="$IMAGES_DIR/$2" applets="$3"
  local hash
  hash="$( { sha256sum "$BUSYBOX" | cut -d' ' -f1; echo "$applets";
             find "$dir" -type f -print0 | sort -z | xargs -0 sha256sum | sed "s#$dir/##"; } | sha256sum | cut -c1-16)"
  local current
  current="$(docker image inspect -f "{{index .Config.Labels \"$HASH_LABEL\"}}" "$image" 2>/dev/null || true)"
  if [ "$current" = "$hash" ]; then
    echo "$image up to date ($hash)"
    return
  fi
  local ctx
  ctx="$(mktemp -d)"
  trap 'rm -rf "$ctx"' RETURN
  cp -r "$dir/." "$ctx/"
  mkdir -p "$ctx/rootfs/bin" "$ctx/rootfs/tmp" "$ctx/rootfs/www"
  chmod 1777 "$ctx/rootfs/tmp"
  cp "$BUSYBOX" "$ctx/rootfs/bin/busybox"
  if [ "$applets" = all ]; then
    applets="$("$BUSYBOX" --list)"
  fi
  local a
  for a in $applets; do
    [ "$a" = busybox ] || ln -s busybox "$ctx/rootfs/bin/$a"
  done
  if [ -f "$ctx/index.html" ]; then mv "$ctx/index.html" "$ctx/rootfs/www/index.html"; fi
  # The legacy builder needs no buildx plugin, which a stock docker.io install may lack.
  local out
  out="$(DOCKER_BUILDKIT=0 docker build -q --label "$HASH_LABEL=$hash" -t "$image" "$ctx" 2>&1)" \
    || { echo "$out" >&2; echo "error: building $image failed" >&2; exit 1; }
  echo "$image built ($hash)"
}

build_image coxswain/testbox:latest testbox all
build_image coxswain/pause:latest pause "sleep"
