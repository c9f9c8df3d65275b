# SIGHUP after the configuration file was replaced, as an editor saves
# (a new file renamed over the old one): the new settings take, under
# Landlock too, which used to allow the old file only.
. "$(dirname "$0")/lib.sh"
cp -r "$ROOT/capsule" store
mkdir etc
printf 'store = %s/store\nrate-limit = 3/60\n' "$PWD" >etc/capsuled.conf
# The certificate in a folder of its own: Landlock lets capsuled read
# the certificate's folder, which must not hold etc/.
mkdir certs
start_daemon --config etc/capsuled.conf --cert certs/cert.pem --key certs/key.pem
if line=$(grep "running as" daemon.log); then :; else line="(no privileges line)"; fi
case $line in
*"landlock ABI"*) echo "landlock active: $line" ;;
*) echo "landlock not active ($line): the reload is checked without it" ;;
esac
for i in 1 2 3; do
	get / -b 127.0.0.5
	expect_status 20
done
get / -b 127.0.0.5
expect_status 44

# The editor's way: a copy edited, then renamed over the original.
sed 's|^rate-limit = .*|rate-limit = off|' etc/capsuled.conf >etc/.capsuled.conf.swp
mv etc/.capsuled.conf.swp etc/capsuled.conf
kill -HUP "$DPID"
wait_log daemon.log "SIGHUP: configuration"
grep -q "SIGHUP: configuration reloaded, certificate kept" daemon.log ||
	fail "the replaced file was not read: $(grep -A1 -B1 SIGHUP daemon.log | tail -4)"
for i in $(seq 1 10); do
	get / -b 127.0.0.5
	expect_status 20
done

# Twice: the folder, not the first replacement, is what stays readable.
printf 'store = %s/store\nrate-limit = 2/60\n' "$PWD" >etc/new.conf
mv etc/new.conf etc/capsuled.conf
kill -HUP "$DPID"
for i in $(seq 1 $((50 * SLOW))); do
	[ "$(grep -c "SIGHUP: configuration" daemon.log)" -ge 2 ] && break
	sleep 0.1
done
n=$(grep -c "SIGHUP: configuration reloaded, certificate kept" daemon.log)
[ "$n" = 2 ] || fail "second replacement: $n reloads logged: $(grep SIGHUP daemon.log)"
get / -b 127.0.0.6
get / -b 127.0.0.6
get / -b 127.0.0.6
expect_status 44
stop_daemon
echo "replaced twice, reloaded twice"
