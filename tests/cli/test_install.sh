# make install into a DESTDIR, then make uninstall: every file is where
# PREFIX and SYSCONFDIR say, the systemd unit starts the installed
# capsuled with the installed configuration, and nothing of ours is left
# after uninstall but a configuration the administrator edited.
. "$(dirname "$0")/lib.sh"

build=$(dirname "$CAPSULECTL")
# mk ARGS: make in the source tree on the build under test, as a fresh
# make (not a sub-make of the make check that runs this test).
mk() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		make -s -C "$ROOT" BUILD="$build" DESTDIR="$PWD/dest" "$@"
}

# files: every non-directory under dest, sorted.
files() { (cd dest && find . ! -type d | sort); }

mk PREFIX=/usr/local install >/dev/null
[ "$(files)" = "./etc/capsule/capsuled.conf
./usr/local/bin/capsulectl
./usr/local/lib/systemd/system/capsuled.service
./usr/local/sbin/capsuled
./usr/local/share/doc/capsule/capsuled.conf.example
./usr/local/share/man/man1/capsulectl.1
./usr/local/share/man/man8/capsuled.8" ] || fail "installed: $(files)"
unit=dest/usr/local/lib/systemd/system/capsuled.service
grep -qx 'ExecStart=/usr/local/sbin/capsuled --foreground --config /etc/capsule/capsuled.conf' \
	"$unit" || fail "ExecStart: $(grep ExecStart "$unit")"
cmp -s "$ROOT/doc/capsuled.service" "$unit" ||
	fail "the default unit differs from doc/capsuled.service"
cmp -s "$build/capsuled" dest/usr/local/sbin/capsuled || fail "capsuled"
[ -x dest/usr/local/bin/capsulectl ] || fail "capsulectl not executable"
mk PREFIX=/usr/local uninstall >/dev/null
[ -z "$(files)" ] || fail "left after uninstall: $(files)"
[ ! -e dest/etc/capsule ] && [ ! -e dest/usr/local/share/doc/capsule ] ||
	fail "our directories are left"

# A Debian-style prefix; configuration under another root.
mk PREFIX=/usr install >/dev/null
grep -qx 'ExecStart=/usr/sbin/capsuled --foreground --config /etc/capsule/capsuled.conf' \
	dest/usr/lib/systemd/system/capsuled.service ||
	fail "PREFIX=/usr: $(grep ExecStart dest/usr/lib/systemd/system/capsuled.service)"
[ -f dest/usr/sbin/capsuled ] && [ -f dest/etc/capsule/capsuled.conf ] ||
	fail "PREFIX=/usr: $(files)"
mk PREFIX=/usr uninstall >/dev/null
[ -z "$(files)" ] || fail "PREFIX=/usr, left after uninstall: $(files)"

mk PREFIX=/opt/cap SYSCONFDIR=/opt/cap/etc install >/dev/null
unit=dest/opt/cap/lib/systemd/system/capsuled.service
grep -qx 'ExecStart=/opt/cap/sbin/capsuled --foreground --config /opt/cap/etc/capsule/capsuled.conf' \
	"$unit" || fail "PREFIX=/opt/cap: $(grep ExecStart "$unit")"
! grep -q '/usr/local/sbin\|[ =]/etc/capsule/' "$unit" ||
	fail "default paths left in the unit: $(grep -n '/usr/local/sbin\|[ =]/etc/capsule/' "$unit")"
[ -f dest/opt/cap/etc/capsule/capsuled.conf ] || fail "SYSCONFDIR: $(files)"

# An edited configuration is kept, by install and by uninstall.
echo 'host = news.example' >>dest/opt/cap/etc/capsule/capsuled.conf
mk PREFIX=/opt/cap SYSCONFDIR=/opt/cap/etc install >/dev/null
grep -q '^host = news.example$' dest/opt/cap/etc/capsule/capsuled.conf ||
	fail "install overwrote the configuration"
out=$(mk PREFIX=/opt/cap SYSCONFDIR=/opt/cap/etc uninstall)
has "$out" "was edited; kept"
[ "$(files)" = ./opt/cap/etc/capsule/capsuled.conf ] ||
	fail "after uninstall with an edited configuration: $(files)"
