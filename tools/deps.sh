#!/bin/sh
# Installs the Debian packages capsule needs that this machine lacks, and
# says for each one which part of the build or the tests needs it.
# usage: tools/deps.sh build|test
# As root it runs apt-get; otherwise it prints the apt-get line and fails,
# so that 'make run' and 'make check' never half-work on a bare machine.
#
# A package is present when dpkg has its files on disk: status installed,
# or unpacked, half-configured, triggers-awaiting or triggers-pending, the
# states a package passes through while apt upgrades it (or stays in when
# an upgrade was interrupted), with no reinstall-required flag.  Those are
# left alone: installing them again would fight a running apt for its lock
# or repeat a failed upgrade, and their headers, libraries and programs
# are usable as they are.  A newer candidate version does not make a
# package missing (this never upgrades), nor does a hold.  not-installed,
# config-files (removed, not purged) and half-installed (an unpack that
# stopped part-way, files incomplete) are missing.
set -eu

# package:reason, one per line; the reason names the targets needing it.
build="gcc:the C compiler for every target
make:the build itself
libssl-dev:capsuled (TLS for Gemini), test and benchmark clients
libmagic-dev:capsuled and capsulectl (media types)
libmd4c-dev:capsulectl, test_import and fuzz_import (Markdown import)
libutf8proc-dev:capsuled, capsulectl and the tests building snapshots (search folds case and accents)
libcmocka-dev:the unit tests"
test="$build
openssl:integration tests (s_client, certificates)
curl:integration tests (Gopher client)
lynx:integration tests (Gopher client)
libxml2-utils:test_feed and the integration tests (xmllint checks the Atom feeds)
tmux:the client tests (drives the terminal clients, captures their screens)
gopher:test_client_umn (the UMN Gopher+ client)
vf1:test_client_text (VF-1)
sacc:test_client_text (sacc)
emacs-nox:test_client_elpher (the Emacs elpher runs in)
elpa-elpher:test_client_elpher (elpher)
amfora:test_client_amfora (Amfora, a Gemini client)
clang:make fuzz (libFuzzer)
valgrind:make check-valgrind
haproxy:test_proxy_haproxy and make check-cluster (a real HAProxy in front of the PROXY listeners)
prometheus:test_metrics (promtool check metrics) and make check-cluster (a real scrape)
git:test_git, test_replica and make check-cluster (a store in git, replicas synced)
python3:tools/import-score and test_import_score (the import corpus score)"

case "${1:-build}" in
build) want=$build ;;
test) want=$test ;;
*) echo "usage: $0 build|test" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps: not a Debian system; make sure these are installed:" \
		"$(printf '%s\n' "$want" | cut -d: -f1 | tr '\n' ' ')" >&2
	exit 0
fi

# present PACKAGE: whether dpkg has the package's files in place, for
# some architecture (one line each when several are known).
present() {
	st=$(dpkg-query -W -f='${db:Status-Eflag} ${db:Status-Status}\n' \
		"$1" 2>/dev/null) || return 1
	printf '%s\n' "$st" | grep -qxE \
	    'ok (installed|unpacked|half-configured|triggers-awaiting|triggers-pending)'
}

missing=
why=
nl='
'
while IFS=: read -r p reason; do
	present "$p" && continue
	missing="$missing $p"
	why="$why  $p: $reason$nl"
done <<EOF
$want
EOF
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	printf 'deps: missing packages:\n%s' "$why" >&2
	echo "deps: run as root:" >&2
	echo "  apt-get install -y$missing" >&2
	exit 1
fi
printf 'deps: installing:\n%s' "$why" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
