#!/usr/bin/env bash
# Builds the container images of the suite without any registry (`make images`):
#   coxswain/jre:17            FROM scratch: a jlink runtime of the installed JDK, the shared libraries
#                              it links (ldd), the loader and the C.UTF-8 locale
#   coxswain/etcd:3.4          FROM scratch: Debian's etcd and etcdctl, libc and the loader
#   coxswain/rabbitmq:3.10     FROM scratch: Debian's RabbitMQ and Erlang, a static busybox for the
#                              shell its scripts need, the libraries they link (BUILD_RABBITMQ=0: skip)
#   coxswain/<service>:latest  one per service (api-server, scheduler, controller, proxy, node-agent),
#                              FROM coxswain/jre:17 by default (BASE=eclipse-temurin:17-jre with a registry)
# The two base images carry a label with the hash of what went into them and are rebuilt only when
# it changes. Service images are built from the jars in */target (./mvnw -DskipTests install first;
# this script builds them when they are missing).
# Settings: BASE (base image of the services), SERVICES (subset, e.g. "api-server"; empty: base
# images only), IMAGE_TAG (latest).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_state_dirs
cd "$COXSWAIN_ROOT"

BASE="${BASE:-coxswain/jre:17}"
SERVICES="${SERVICES-api-server scheduler controller proxy node-agent}"
IMAGE_TAG="${IMAGE_TAG:-latest}"
HASH_LABEL="io.coxswain.content-hash"
# The modules a Spring Boot service of this project needs: the Java SE API, sun.misc.Unsafe (netty,
# gRPC), EC crypto, com.sun.management (Micrometer's process metrics), JNDI DNS, zip file systems.
JRE_MODULES="java.se,jdk.unsupported,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.net,jdk.zipfs"
# Bump when the way the base images are put together changes (it is part of their content hash).
RECIPE=1

docker_answering || die "the Docker engine does not answer: run make deps (or start dockerd) first"
# The legacy builder needs no buildx plugin, which a stock docker.io install lacks.
export DOCKER_BUILDKIT=0

# quiet_build WHAT DOCKER_BUILD_ARGS...: docker build, its output shown only when it fails.
quiet_build() {
  local what="$1" out; shift
  out="$(docker build -q "$@" 2>&1)" || { printf '%s\n' "$out" >&2; die "building $what failed"; }
}

image_hash() { docker image inspect -f "{{index .Config.Labels \"$HASH_LABEL\"}}" "$1" 2>/dev/null || true; }

# copy_libs ROOTFS FILE...: the shared libraries the files link against (as ldd resolves them on this
# host) and the loader, at the same paths inside ROOTFS.
copy_libs() {
  local rootfs="$1"; shift
  local lib
  ldd "$@" 2>/dev/null | awk '/=> \//{print $3} /^\t\/[^ ]*ld-linux/{print $1}' | sort -u | while read -r lib; do
    case "$lib" in "$rootfs"/*) continue ;; esac
    cp -L --parents "$lib" "$rootfs/"
  done
  cp -L --parents /lib64/ld-linux-x86-64.so.2 "$rootfs/"
}

base_layout() {
  local rootfs="$1"
  mkdir -p "$rootfs/tmp" "$rootfs/etc"
  chmod 1777 "$rootfs/tmp"
  # Docker mounts /etc/hosts and /etc/resolv.conf; glibc 2.34+ has the files and dns NSS modules built in.
  printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
  printf 'root:x:0:0:root:/:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/tmp:/sbin/nologin\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\n' >"$rootfs/etc/group"
}

build_jre() {
  local java_home jlink_bin hash ctx
  java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  jlink_bin="$java_home/bin/jlink"
  [ -x "$jlink_bin" ] || die "jlink not found in $java_home: install a full JDK (apt-get install -y openjdk-17-jdk-headless)"
  hash="$( { "$java_home/bin/java" -version 2>&1; echo "$JRE_MODULES"; ldd --version | head -n1; echo "$RECIPE"; cat deploy/jre/Dockerfile; } | sha256sum | cut -c1-16)"
  if [ "$(image_hash coxswain/jre:17)" = "$hash" ]; then ok "coxswain/jre:17 up to date ($hash)"; return; fi
  info "building coxswain/jre:17 (jlink from $java_home)"
  ctx="$(mktemp -d)"
  trap 'rm -rf "$ctx"' RETURN
  local rootfs="$ctx/rootfs"
  mkdir -p "$rootfs/opt"
  "$jlink_bin" --add-modules "$JRE_MODULES" --strip-debug --no-man-pages --no-header-files \
    --output "$rootfs/opt/java"
  # No display and no sound in a server container: without these, X11 and ALSA need not be copied.
  rm -f "$rootfs"/opt/java/lib/{libawt_xawt.so,libjsound.so,libsplashscreen.so}
  local -a sos
  mapfile -t sos < <(find "$rootfs/opt/java/lib" -name '*.so')
  copy_libs "$rootfs" "$rootfs/opt/java/bin/java" "${sos[@]}"
  mkdir -p "$rootfs/usr/lib/locale"
  cp -a /usr/lib/locale/C.utf8 "$rootfs/usr/lib/locale/"
  base_layout "$rootfs"
  cp deploy/jre/Dockerfile "$ctx/Dockerfile"
  quiet_build coxswain/jre:17 --label "$HASH_LABEL=$hash" -t coxswain/jre:17 "$ctx"
  ok "coxswain/jre:17 built ($(docker image inspect -f '{{.Size}}' coxswain/jre:17 | awk '{printf "%.0f MB", $1/1e6}'))"
}

build_etcd() {
  local etcd_bin etcdctl_bin hash ctx version
  etcd_bin="$(command -v etcd || echo /usr/bin/etcd)"; etcdctl_bin="$(command -v etcdctl || echo /usr/bin/etcdctl)"
  { [ -x "$etcd_bin" ] && [ -x "$etcdctl_bin" ]; } || die "etcd and etcdctl are needed: apt-get install -y etcd-server etcd-client"
  version="$("$etcd_bin" --version | sed -n 's/^etcd Version: //p')"
  hash="$( { sha256sum "$etcd_bin" "$etcdctl_bin" | cut -d' ' -f1; echo "$RECIPE"; cat deploy/etcd/Dockerfile; } | sha256sum | cut -c1-16)"
  if [ "$(image_hash coxswain/etcd:3.4)" = "$hash" ]; then ok "coxswain/etcd:3.4 up to date ($hash)"; return; fi
  info "building coxswain/etcd:3.4 (etcd $version from $etcd_bin)"
  ctx="$(mktemp -d)"
  trap 'rm -rf "$ctx"' RETURN
  local rootfs="$ctx/rootfs"
  mkdir -p "$rootfs/usr/local/bin" "$rootfs/var/lib/etcd"
  cp "$etcd_bin" "$etcdctl_bin" "$rootfs/usr/local/bin/"
  copy_libs "$rootfs" "$etcd_bin" "$etcdctl_bin"
  base_layout "$rootfs"
  cp deploy/etcd/Dockerfile "$ctx/Dockerfile"
  quiet_build coxswain/etcd:3.4 --label "$HASH_LABEL=$hash" --label "io.coxswain.etcd-version=$version" -t coxswain/etcd:3.4 "$ctx"
  ok "coxswain/etcd:3.4 built ($(docker image inspect -f '{{.Size}}' coxswain/etcd:3.4 | awk '{printf "%.0f MB", $1/1e6}'))"
}

build_service() {
  local svc="$1" module jar
  module="$svc-service"
  jar="$(service_jar "$module")" || die "no jar in $module/target"
  info "building coxswain/$svc:$IMAGE_TAG from ${jar#"$COXSWAIN_ROOT"/} (base $BASE)"
  # The context is the repository; .dockerignore lets only the runnable jars through.
  quiet_build "coxswain/$svc" -f "deploy/$svc/Dockerfile" --build-arg "BASE=$BASE" --build-arg "JAR=${jar#"$COXSWAIN_ROOT"/}" \
    -t "coxswain/$svc:$IMAGE_TAG" .
  ok "coxswain/$svc:$IMAGE_TAG built"
}

build_rabbitmq() {
  local server hash ctx version busybox=/bin/busybox
  server=/usr/lib/rabbitmq/bin/rabbitmq-server
  { [ -x "$server" ] && [ -d /usr/lib/erlang ]; } || die "RabbitMQ from Debian is needed: apt-get install -y rabbitmq-server"
  file -L "$busybox" 2>/dev/null | grep -q 'statically linked' || die "a static busybox is needed: apt-get install -y busybox-static"
  version="$(dpkg-query -W -f '${Version}' rabbitmq-server 2>/dev/null || echo unknown)"
  hash="$( { echo "$version"; dpkg-query -W -f '${Version}' erlang-base 2>/dev/null; sha256sum "$busybox" | cut -d' ' -f1; echo "$RECIPE"; cat deploy/rabbitmq/Dockerfile; } | sha256sum | cut -c1-16)"
  if [ "$(image_hash coxswain/rabbitmq:3.10)" = "$hash" ]; then ok "coxswain/rabbitmq:3.10 up to date ($hash)"; return; fi
  info "building coxswain/rabbitmq:3.10 (rabbitmq-server $version)"
  ctx="$(mktemp -d)"
  trap 'rm -rf "$ctx"' RETURN
  local rootfs="$ctx/rootfs"
  mkdir -p "$rootfs/bin" "$rootfs/usr/lib" "$rootfs/etc/rabbitmq" "$rootfs/var/lib/rabbitmq"
  cp -a /usr/lib/erlang /usr/lib/rabbitmq "$rootfs/usr/lib/"
  # The start scripts are POSIX shell scripts that use the usual utilities: busybox provides them.
  cp "$busybox" "$rootfs/bin/busybox"
  local applet
  for applet in $("$busybox" --list); do [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"; done
  mkdir -p "$rootfs/usr/bin"; ln -sf /bin/env "$rootfs/usr/bin/env"
  local -a bins
  mapfile -t bins < <(find "$rootfs/usr/lib/erlang" -type f \( -name '*.so' -o -perm -u+x \) -exec sh -c 'file -b "$1" | grep -q ^ELF' _ {} \; -print)
  copy_libs "$rootfs" "${bins[@]}"
  mkdir -p "$rootfs/usr/lib/locale"; cp -a /usr/lib/locale/C.utf8 "$rootfs/usr/lib/locale/"
  base_layout "$rootfs"
  # Inside its own network namespace the broker listens on every interface; the guest account may
  # connect from the other containers of the suite (it is never published on a host port).
  printf 'listeners.tcp.default = 5672\nloopback_users = none\n' >"$rootfs/etc/rabbitmq/rabbitmq.conf"
  printf '[].\n' >"$rootfs/etc/rabbitmq/enabled_plugins"
  cp deploy/rabbitmq/Dockerfile "$ctx/Dockerfile"
  quiet_build coxswain/rabbitmq:3.10 --label "$HASH_LABEL=$hash" -t coxswain/rabbitmq:3.10 "$ctx"
  ok "coxswain/rabbitmq:3.10 built ($(docker image inspect -f '{{.Size}}' coxswain/rabbitmq:3.10 | awk '{printf "%.0f MB", $1/1e6}'))"
}

[ "$BASE" != coxswain/jre:17 ] || build_jre
build_etcd
[ "${BUILD_RABBITMQ:-1}" = 0 ] || build_rabbitmq
need_build=0
for svc in $SERVICES; do service_jar "$svc-service" >/dev/null || need_build=1; done
if [ "$need_build" = 1 ]; then
  info "building the jars: ./mvnw -B -q -DskipTests install (log: .coxswain/logs/build.log)"
  ./mvnw -B -q -DskipTests install >"$LOG_DIR/build.log" 2>&1 || { show_log_tail "$LOG_DIR/build.log"; die "the build failed"; }
fi
for svc in $SERVICES; do build_service "$svc"; done
