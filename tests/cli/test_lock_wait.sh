# A publisher kept waiting for the store's lock is told so after a second,
# then does its work; one not kept waiting hears nothing.  A lock it may
# not open says to publish as the store's owner.
. "$(dirname "$0")/lib.sh"
command -v flock >/dev/null || { echo "SKIP: no flock(1)"; exit 0; }

ctl init site >/dev/null
export CAPSULE_STORE=site
article "Held" 2024-06-18T09:00:00Z | ctl add - >/dev/null

# (check counts in the singular when there is one.)
expect 0 ctl check
has "$out" "site: 1 article (1 published), 0 tags, 1 month; 0 with errors"

expect 0 ctl tag held +quick
lacks "$err" "waiting"

flock site/.lock sleep 3 &
holder=$!
sleep 0.5
expect 0 ctl tag held +slow
wait $holder
has "$err" "capsulectl: waiting for the store's lock (another capsulectl is writing)..."
[ "$out" = "quick, slow" ] || fail "tags after the wait: $out"

# The lock is root's (0644): as nobody, capsulectl may not open it.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null &&
	[ -z "${CAPSULECTL_WRAP:-}" ]; then
	chmod 755 .
	if setpriv --reuid=65534 --regid=65534 --clear-groups \
		test -x "$CAPSULECTL"; then
		expect 1 setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$CAPSULECTL" tag held +denied
		has "$err" ".lock: Permission denied (publish as the store's owner, root)"
	else
		echo "nobody cannot run $CAPSULECTL: permission message not tested"
	fi
elif [ "$(id -u)" != 0 ]; then
	chmod 000 site/.lock
	expect 1 ctl tag held +denied
	has "$err" ".lock: Permission denied (publish as the store's owner, $(id -un))"
	chmod 644 site/.lock
fi
