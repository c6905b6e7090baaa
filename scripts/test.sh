#!/usr/bin/env bash
# `make test`: the whole test suite, as CI runs it.
#   1. ensure-deps.sh: Docker engine and RabbitMQ installed and running, etcd installed (the integration
#      tests start their own etcd processes on free loopback ports)
#   2. the local test images (scripts/build-test-images.sh, when present)
#   3. the tooling's own tests (scripts/selftest.sh)
#   4. ./mvnw -B verify: unit tests (*Test, Surefire) and integration tests (*IT, Failsafe)
# Extra Maven arguments: COXSWAIN_MAVEN_ARGS (e.g. "-pl api-server-service -am").
# dockerd and RabbitMQ started here stay running for the next run; `make down` stops them.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_state_dirs
cd "$COXSWAIN_ROOT"
started_at=$SECONDS

bash scripts/ensure-deps.sh

if [ -f scripts/build-test-images.sh ]; then
  info "building the local test images (scripts/build-test-images.sh)"
  bash scripts/build-test-images.sh
fi

# kubectl acceptance tests pin kubectl 1.32; say so early rather than in a failed test.
if ! pinned_kubectl >/dev/null; then
  warn "kubectl 1.32 is not installed: tests that drive kubectl will fail (install kubectl 1.32)"
fi

info "tooling self-test (scripts/selftest.sh)"
selftest_rc=0
bash scripts/selftest.sh || selftest_rc=$?

info "./mvnw -B verify ${COXSWAIN_MAVEN_ARGS:-}"
rc=0
# shellcheck disable=SC2086 # COXSWAIN_MAVEN_ARGS is a list of arguments
./mvnw -B -ntp verify ${COXSWAIN_MAVEN_ARGS:-} || rc=$?
elapsed=$((SECONDS - started_at))
if [ "$rc" = 0 ] && [ "$selftest_rc" != 0 ]; then
  printf 'make test FAILED: the tooling self-test failed (see above)\n' >&2
  exit "$selftest_rc"
fi
if [ "$rc" = 0 ]; then
  ok "make test passed in ${elapsed}s"
else
  printf 'make test FAILED (mvnw exit %s) after %ss; reports: */target/surefire-reports, */target/failsafe-reports\n' "$rc" "$elapsed" >&2
fi
exit "$rc"
