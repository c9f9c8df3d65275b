#!/bin/sh
# Installs the Debian packages capsule needs that this machine lacks.
# usage: tools/deps.sh build|test
# As root it runs apt-get; otherwise it prints the apt-get line and fails,
# so that 'make run' and 'make check' never half-work on a bare machine.
set -eu

build="gcc make pkg-config libssl-dev libmagic-dev libmd4c-dev libcmocka-dev"
test="$build openssl curl lynx libxml2-utils clang valgrind"

case "${1:-build}" in
build) want=$build ;;
test) want=$test ;;
*) echo "usage: $0 build|test" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps: not a Debian system; make sure these are installed: $want" >&2
	exit 0
fi

missing=
for p in $want; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages; run as root:" >&2
	echo "  apt-get install -y$missing" >&2
	exit 1
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
