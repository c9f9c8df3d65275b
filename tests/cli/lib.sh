# Helpers for the capsulectl CLI tests.  Sourced by each test, which runs
# in an empty temporary directory.
set -eu
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FIX=$ROOT/tests/fixtures

ctl() { "$CAPSULECTL" "$@"; }

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect STATUS CMD...: runs CMD, keeps its output in $out and $err.
expect() {
	local want=$1 rc=0
	shift
	"$@" >.out 2>.err || rc=$?
	out=$(cat .out)
	err=$(cat .err)
	[ "$rc" -eq "$want" ] ||
		fail "'$*' exited $rc, want $want; stderr: $err; stdout: $out"
}

has() { grep -qF -- "$2" <<<"$1" || fail "expected '$2' in: $1"; }
lacks() { ! grep -qF -- "$2" <<<"$1" || fail "did not expect '$2' in: $1"; }

# article TITLE [DATE] [EXTRA HEADER LINES]: an article on stdout.
article() {
	printf 'Title: %s\n' "$1"
	[ -n "${2:-}" ] && printf 'Date: %s\n' "$2"
	[ -n "${3:-}" ] && printf '%s\n' "$3"
	printf '\nA paragraph about %s.\n' "$1"
}
