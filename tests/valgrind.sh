#!/usr/bin/env bash
# make check-valgrind: the integration tests with every capsuled they start
# under valgrind memcheck, then the command-line tests with every
# capsulectl under it, then each process's log read.  Fails when a test
# does, or when any run reports an error or a definite leak; prints one
# line per test.  The logs go to a directory of mode 1777 because a daemon
# started as root may give up root before valgrind writes there; they are
# kept when something failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${BUILD:?set BUILD to the (plain, not sanitized) build directory}"
export BUILD
command -v valgrind >/dev/null ||
	{ echo "valgrind is not installed (make deps-test installs it)" >&2; exit 1; }

logs=$(mktemp -d "${TMPDIR:-/tmp}/capsule-vg-XXXXXX")
mkdir "$logs/integration" "$logs/cli"
chmod 1777 "$logs" "$logs/integration" "$logs/cli"
# The wrappers are split into words, so no path in them may hold a space.
case "$logs$BUILD" in *[[:space:]]*)
	echo "valgrind.sh: $logs or $BUILD has a space in it" >&2; exit 1 ;;
esac
# Exit status 99 marks a valgrind report, so that a test checking its
# daemon's or its command's status fails on the spot.  %q{CAPSULE_TEST}
# is the test's name, set by the suites' scripts.
vg="valgrind --tool=memcheck --error-exitcode=99 --leak-check=full"
vg+=" --errors-for-leak-kinds=definite --show-leak-kinds=definite"
vg+=" --track-origins=yes --track-fds=no --num-callers=30"
vg+=" --child-silent-after-fork=yes"
# No gdb server: its /tmp/vgdb-pipe-*-PID files outlive a run, and a stale
# one left by root under a reused pid stops an unprivileged run at start.
vg+=" --vgdb=no"
failed=0
set -o pipefail
CAPSULED_WRAP="$vg --log-file=$logs/integration/%q{CAPSULE_TEST}.%p.log" \
	"$here/integration/run.sh" | tee "$logs/integration.out" || failed=1
CAPSULECTL=$BUILD/capsulectl \
	CAPSULECTL_WRAP="$vg --log-file=$logs/cli/%q{CAPSULE_TEST}.%p.log" \
	"$here/cli/run.sh" | tee "$logs/cli.out" || failed=1

# summarise SUITE: one line per test of SUITE that the suite did not skip,
# from the logs its runs left in $logs/SUITE.
summarise() {
	local suite=$1 t name log runs errors definite reachable e d r bad
	for t in "$here/$suite"/test_*.sh; do
		name=$(basename "$t" .sh)
		runs=0 errors=0 definite=0 reachable=0 bad=()
		for log in "$logs/$suite/$name".*.log; do
			[ -e "$log" ] || continue
			runs=$((runs + 1))
			# "ERROR SUMMARY" is the last thing valgrind writes: a
			# log without it is from a process killed outright.
			e=$(sed -n 's/.*ERROR SUMMARY: \([0-9,]*\) errors.*/\1/p' "$log" | tr -d ,)
			d=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$log" | tr -d ,)
			r=$(sed -n 's/.*still reachable: \([0-9,]*\) bytes.*/\1/p' "$log" | tr -d ,)
			if [ -z "$e" ]; then
				bad+=("$log: no ERROR SUMMARY, the run never finished")
				continue
			fi
			errors=$((errors + e))
			definite=$((definite + ${d:-0}))
			reachable=$((reachable + ${r:-0}))
			[ "$e" -eq 0 ] && [ "${d:-0}" -eq 0 ] || bad+=("$log")
		done
		# Every test runs the program: no log means the wrapper
		# never took effect, unless the suite said it skipped it.
		if [ "$runs" -eq 0 ]; then
			grep -q "^SKIP $name:" "$logs/$suite.out" && continue
			bad+=("no $suite run of $name under valgrind")
		fi
		printf '%-4s %-11s %-20s %3d runs, %d errors, %d bytes definitely lost, %d bytes still reachable\n' \
			"$([ ${#bad[@]} -eq 0 ] && echo ok || echo FAIL)" "$suite" \
			"$name" "$runs" "$errors" "$definite" "$reachable"
		for log in "${bad[@]}"; do
			echo "     $log"
			failed=1
		done
	done
}
echo "valgrind memcheck:"
summarise integration
summarise cli

if [ "$failed" -eq 0 ]; then
	rm -rf "$logs"
	exit 0
fi
echo "logs kept in $logs; the first report:"
for log in "$logs"/*/*.log; do
	grep -q 'ERROR SUMMARY: [1-9]' "$log" || continue
	sed 's/^/     /' "$log" | head -60
	break
done
exit 1
