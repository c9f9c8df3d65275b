# The network-facing process holds no right to write the store, with
# Titan on and off, and says so; what is checked is what can be seen from
# outside without a debugger (gdb's calls into a running process fail on
# some kernels and kill the process): capsuled logged the Landlock ABI it
# put in force, /proc/PID/status says NoNewPrivs, its user could write
# the store by file permissions alone (the store is made writable for
# everyone), and none of its descriptors is open for writing on a file
# of the store.  That the Landlock rules allow no write is priv.c's
# (priv_landlock handles every write right and adds read rules only);
# the running daemon cannot be made to attempt one, but capsuled --check
# does, in a child confined by the same priv_drop a start makes: its
# file in articles/ must be refused although the store is writable to all.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/titan.sh"
if [ -n "$CAPSULED_WRAP" ]; then
	echo "SKIP: valgrind knows no Landlock calls (capsuled runs without)"
	exit 77
fi

cp -r "$ROOT/capsule" store
publisher ed editor >/dev/null
chmod -R a+rwX store

for mode in on off; do
	start_daemon --titan "$mode"
	if [ "$mode" = on ]; then
		grep -q "titan: uploads on" daemon.log || fail "titan not on"
	else
		! grep -q "titan: uploads on" daemon.log || fail "titan on with --titan off"
	fi
	if ! grep -q "landlock ABI" daemon.log; then
		echo "SKIP: capsuled found no Landlock: $(grep -o 'landlock: .*' daemon.log)"
		exit 77
	fi
	user=$(stat -c %U "/proc/$DPID")
	# File permissions alone would let capsuled's user write there.
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid="$user" --regid="$(id -g "$user")" --clear-groups \
			touch "store/articles/dac-$mode.gmi" ||
			fail "$user cannot write store/articles: the check would prove nothing"
		rm -f "store/articles/dac-$mode.gmi"
	fi
	[ "$(awk '$1 == "NoNewPrivs:" { print $2 }' "/proc/$DPID/status")" = 1 ] ||
		fail "titan $mode: NoNewPrivs is not set"
	for fd in /proc/"$DPID"/fd/*; do
		t=$(readlink "$fd") || continue
		case $t in "$PWD"/store/*) ;; *) continue ;; esac
		fl=$(awk '$1 == "flags:" { print $2 }' "/proc/$DPID/fdinfo/${fd##*/}")
		# O_WRONLY 01, O_RDWR 02 in the octal flags.
		[ $((0$fl & 3)) = 0 ] || fail "titan $mode: $t open for writing (flags $fl)"
	done
	echo "titan $mode: capsuled as $user: landlock ABI logged, NoNewPrivs 1, no store file open for writing"
	get /
	expect_status 20
	stop_daemon
	PIDS=()
done

# A real attempt, under the same confinement as the daemon.
out=$("$CAPSULED" --check --store store --host localhost \
	--gemini "127.0.0.1:$((20000 + RANDOM % 40000))" \
	--gopher "127.0.0.1:$((20000 + RANDOM % 40000))" \
	--cert cert.pem --key key.pem 2>&1) || fail "--check failed: $out"
has "$out" "a file created in store/articles was refused (Permission denied): capsuled serves the store read-only"
ls -a store/articles | grep -q check-write && fail "the probe file was left in the store"
echo "--check: a write by the confined child was refused"
