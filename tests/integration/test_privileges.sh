# Privileges: started as root, capsuled becomes an unprivileged user for
# good, sets no_new_privs and confines itself with Landlock (checked by a
# read it could otherwise do being refused); with --chroot it lives in
# the store and still serves and reloads it; it refuses to run as root;
# started unprivileged it runs as it is.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "capsuled must be started as root to drop root (running as $(id -un))"
	exit 77
fi
command -v setpriv >/dev/null || { echo "setpriv (util-linux) is missing"; exit 77; }

# The user capsuled picks when --user is not given.
if id capsule >/dev/null 2>&1; then ruser=capsule; else ruser=nobody; fi
ruid=$(id -u "$ruser")
rgid=$(id -g "$ruser")
RUNAS=

# launch LOG [OPTION...]: capsuled on free ports with the options (no
# --store, --cert or --key of its own, unlike start_daemon), output in
# LOG, its pid in $DPID; RUNAS, when set, is put before it.
launch() {
	local log=$1 try i
	shift
	for try in $(seq 1 20); do
		PORT=$((20000 + RANDOM % 40000))
		GPORT=$((20000 + RANDOM % 40000))
		$RUNAS $CAPSULED_WRAP "$CAPSULED" --foreground --host localhost \
			--gemini "127.0.0.1:$PORT" --gopher "127.0.0.1:$GPORT" \
			--workers 2 "$@" >"$log" 2>&1 &
		DPID=$!
		PIDS+=("$DPID")
		for i in $(seq 1 $((50 * SLOW))); do
			kill -0 "$DPID" 2>/dev/null || break
			if grep -q "searchable after" "$log" &&
				"$GEMREQ" -x -w 2000 "$PORT" "gemini://localhost:$PORT/robots.txt\r\n" \
					>/dev/null 2>&1; then
				return 0
			fi
			sleep 0.1
		done
		kill "$DPID" 2>/dev/null || true
		wait "$DPID" 2>/dev/null || true
		grep -q "cannot listen" "$log" || { cat "$log" >&2; fail "capsuled did not start"; }
	done
	fail "no free port found"
}

# refused MESSAGE [OPTION...]: capsuled with the options must stop with
# a failure status and MESSAGE.
refused() {
	local msg=$1 try
	shift
	for try in $(seq 1 20); do
		PORT=$((20000 + RANDOM % 40000))
		out=$($RUNAS $CAPSULED_WRAP "$CAPSULED" --foreground --store store \
			--gemini "127.0.0.1:$PORT" --gopher off "$@" 2>&1) &&
			fail "capsuled $* ran: $out"
		grep -q "cannot listen" <<<"$out" || break
	done
	has "$out" "$msg"
}

# field NAME: the value of NAME in capsuled's /proc/PID/status.
field() { awk -v k="$1:" '$1 == k { $1 = ""; sub(/^ /, ""); print }' "/proc/$DPID/status"; }

fp() {
	openssl s_client -connect "127.0.0.1:$PORT" -servername localhost </dev/null 2>/dev/null |
		openssl x509 -noout -fingerprint -sha256
}

cp -r "$ROOT/capsule" store

# 1. Started as root, with a configuration file in a folder of its own
# (Landlock lets capsuled read that folder), naming paths from there.
mkdir etc
cat >etc/capsuled.conf <<CONF
store = ../store
cert = ../certs/cert.pem
key = ../certs/key.pem
CONF
launch daemon.log --config etc/capsuled.conf
line=$(grep "running as" daemon.log) || fail "no privileges line: $(cat daemon.log)"
has "$line" "running as $ruser (uid $ruid, root dropped), no_new_privs, "
[ "$(field Uid)" = "$ruid $ruid $ruid $ruid" ] || fail "Uid: $(field Uid), want $ruid"
[ "$(field Gid)" = "$rgid $rgid $rgid $rgid" ] || fail "Gid: $(field Gid), want $rgid"
[ "$(field Groups)" = "$rgid" ] || fail "Groups: '$(field Groups)', want $rgid"
[ "$(field NoNewPrivs)" = 1 ] || fail "NoNewPrivs: $(field NoNewPrivs)"
echo "as $ruser: Uid $(field Uid), Gid $(field Gid), NoNewPrivs 1, Seccomp $(field Seccomp)"
abi=$(sed -n 's/.*, landlock ABI \([0-9][0-9]*\)$/\1/p' <<<"$line")
# (valgrind does not know the Landlock calls: under it ENOSYS is right.)
if [ -z "$CAPSULED_WRAP" ] && [ -r /sys/kernel/security/lsm ] &&
	grep -qw landlock /sys/kernel/security/lsm; then
	[ -n "$abi" ] || fail "the kernel has Landlock, capsuled did not use it: $line"
fi
get /
expect_status 20
PORT=$GPORT gem "/\r\n" -P -w 5000
has "$out" "iThe Lantern Wire"

# The key capsuled made is root's alone, read before the drop: a SIGHUP
# that finds it unchanged keeps it rather than failing to read it again.
[ "$(stat -c %U:%a certs/key.pem)" = root:600 ] ||
	fail "certs/key.pem is $(stat -c %U:%a certs/key.pem)"
kill -HUP "$DPID"
wait_log daemon.log "SIGHUP: configuration reloaded, certificate kept"
get /
expect_status 20

# 2. Landlock: a certificate in a directory the user may read but
# capsuled was not started with (outside/, beside certs/) is refused; the
# same files in certs/ load.
if [ -n "$abi" ]; then
	mkdir -m 0755 outside
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
		-subj /CN=localhost -keyout outside/key.pem -out outside/cert.pem 2>/dev/null
	chmod 0644 outside/key.pem
	setpriv --reuid="$ruid" --regid="$rgid" --clear-groups cat outside/key.pem >/dev/null ||
		fail "$ruser cannot read outside/key.pem: the check below would prove nothing"
	before=$(fp)
	printf 'store = ../store\ncert = ../outside/cert.pem\nkey = ../outside/key.pem\n' >etc/capsuled.conf
	kill -HUP "$DPID"
	wait_log daemon.log "SIGHUP: certificate not reloaded"
	grep -q "outside/cert.pem: .*[Pp]ermission denied" daemon.log ||
		fail "no permission error for outside/: $(tail -4 daemon.log)"
	[ "$(fp)" = "$before" ] || fail "a certificate from outside/ was served"
	cp -p outside/cert.pem certs/cert2.pem
	cp -p outside/key.pem certs/key2.pem
	printf 'store = ../store\ncert = ../certs/cert2.pem\nkey = ../certs/key2.pem\n' >etc/capsuled.conf
	kill -HUP "$DPID"
	wait_log daemon.log "SIGHUP: configuration and certificate reloaded"
	[ "$(fp)" != "$before" ] || fail "the same files in certs/ did not load"
	echo "landlock ABI $abi: outside/ refused, the same files in certs/ loaded"
else
	echo "capsuled found no Landlock ($(grep -o 'landlock: .*' daemon.log)): its check is left out"
fi
stop_daemon

# 3. --chroot: the store is the root; pages, media and reloads still work.
# LeakSanitizer cannot list the threads in /proc from inside the chroot,
# so an ASan build checks leaks in every test but this daemon.
saved_asan=${ASAN_OPTIONS-}
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
launch chroot.log --store store --cert certs/cert.pem --key certs/key.pem --chroot
export ASAN_OPTIONS=$saved_asan
[ "$(readlink "/proc/$DPID/root")" = "$PWD/store" ] ||
	fail "root is $(readlink "/proc/$DPID/root"), want $PWD/store"
grep -q "running as $ruser (uid $ruid, root dropped), chroot store, no_new_privs" chroot.log ||
	fail "no chroot in: $(grep 'running as' chroot.log)"
[ "$(field Uid)" = "$ruid $ruid $ruid $ruid" ] || fail "chrooted Uid: $(field Uid)"
get /
expect_status 20
hdr=$("$GEMREQ" -x -w 5000 "$PORT" "gemini://localhost:$PORT/media/mesh-antenna.png\r\n" | head -n 1)
has "$hdr" "20 image/png"
get /about
expect_status 20
PORT=$GPORT gem "/articles/harbour-street-mesh-network-reaches-200-nodes.txt\r\n" -P -w 5000
has "$out" "Harbour Street mesh network reaches 200 nodes"
printf 'Title: Published into a chroot\nTags: community\n\nStill seen.\n' |
	"$CAPSULECTL" --store store add - >slug
slug=$(cat slug)
wait_status "/articles/$slug" 20
has "$out" "# Published into a chroot"
kill -HUP "$DPID"
wait_log chroot.log "SIGHUP: chrooted to store, capsuled cannot read its configuration or the certificate again"
get /
expect_status 20
kill "$DPID"
wait "$DPID" || fail "chrooted capsuled exited with status $? on SIGTERM"

# 4. Never as root.
refused "--user root: its uid is 0; capsuled does not run as root" \
	--cert certs/cert.pem --key certs/key.pem --user root
refused "--user no-such-user-here: no such user" \
	--cert certs/cert.pem --key certs/key.pem --user no-such-user-here

# 5. Started unprivileged: it runs as it is, and can become no one else.
mkdir nr
chown "$ruser" nr
RUNAS="setpriv --reuid=$ruid --regid=$rgid --clear-groups"
launch nr.log --store store --cert nr/c.pem --key nr/k.pem
grep -q "running as $ruser (uid $ruid, started unprivileged), no_new_privs" nr.log ||
	fail "unprivileged start: $(grep 'running as' nr.log)"
[ "$(field Uid)" = "$ruid $ruid $ruid $ruid" ] || fail "unprivileged Uid: $(field Uid)"
[ "$(field NoNewPrivs)" = 1 ] || fail "unprivileged NoNewPrivs: $(field NoNewPrivs)"
get /
expect_status 20
kill "$DPID"
wait "$DPID" || fail "unprivileged capsuled exited with status $? on SIGTERM"
refused "--user root: capsuled was not started as root, so it cannot become another user" \
	--cert nr/c.pem --key nr/k.pem --user root
refused "--chroot: capsuled must be started as root to chroot" \
	--cert nr/c.pem --key nr/k.pem --chroot
RUNAS=
echo "dropped to $ruser, chroot, refusals and the unprivileged start all checked"
