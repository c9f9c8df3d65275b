# tools/deps.sh installs only what dpkg does not have in place, and says
# why: packages that apt is upgrading (unpacked, half-configured, waiting
# for triggers) are present; removed, half-installed and unknown ones are
# missing.  dpkg-query, apt-get and id are stand-ins on PATH.
. "$(dirname "$0")/lib.sh"

mkdir bin
cat >bin/dpkg-query <<'STUB'
#!/bin/sh
# dpkg-query -W -f=FORMAT PACKAGE, for the Status fields only; a package
# on several lines of $STATES is one known for several architectures.
for a; do case $a in -f=*) fmt=${a#-f=} ;; esac; p=$a; done
grep -q "^$p " "$STATES" || {
	echo "dpkg-query: no packages found matching $p" >&2; exit 1; }
grep "^$p " "$STATES" | while read -r _ eflag status; do
	printf '%s' "$fmt" | sed -e "s/\${db:Status-Eflag}/$eflag/" \
		-e "s/\${db:Status-Status}/$status/" -e 's/\\n/\n/g'
done
STUB
printf '#!/bin/sh\necho "$*" >>"$APTLOG"\n' >bin/apt-get
printf '#!/bin/sh\necho "$UID_IS"\n' >bin/id
chmod 755 bin/*
export PATH=$PWD/bin:$PATH STATES=$PWD/states APTLOG=$PWD/apt.log UID_IS=0

# Every package deps.sh names: the "name:reason" lines of its lists.
all=$(sed -n 's/^\([a-z]*="\)\{0,1\}\([a-z0-9.+-]*\):.*/\2/p' "$ROOT/tools/deps.sh")
[ "$(echo "$all" | wc -w)" -ge 10 ] || fail "read no package list from deps.sh: $all"
for p in $all; do echo "$p ok installed"; done >states

expect 0 "$ROOT/tools/deps.sh" test
[ ! -e apt.log ] || fail "apt-get ran with everything installed: $(cat apt.log)"
[ -z "$err" ] || fail "said something with nothing missing: $err"

# In the middle of an upgrade, or after one was interrupted.
sed -i -e 's/^libssl-dev .*/libssl-dev ok half-configured/' \
	-e 's/^libmagic-dev .*/libmagic-dev ok unpacked/' \
	-e 's/^gcc .*/gcc ok triggers-pending/' \
	-e 's/^make .*/make ok triggers-awaiting/' states
# Known for two architectures, installed for one of them.
sed -i 's/^curl .*/curl ok not-installed\ncurl ok installed/' states
# Removed but not purged, an unpack that stopped, never installed.
sed -i -e 's/^valgrind .*/valgrind ok config-files/' \
	-e 's/^lynx .*/lynx reinstreq half-installed/' \
	-e '/^clang /d' states
expect 0 "$ROOT/tools/deps.sh" test
grep -q '^install .* lynx clang valgrind$' apt.log ||
	fail "apt-get was asked for: $(cat apt.log)"
lacks "$(cat apt.log)" libssl-dev
lacks "$(cat apt.log)" gcc
has "$err" "clang: make fuzz"
has "$err" "valgrind: make check-valgrind"
[ "$(grep -c '^  ' <<<"$err")" -eq 3 ] || fail "not one line per package: $err"

# The build alone needs none of the test tools.
rm apt.log
expect 0 "$ROOT/tools/deps.sh" build
[ ! -e apt.log ] || fail "build installed $(cat apt.log)"

# Not root: the apt-get line to run, and failure.
UID_IS=1000 expect 1 "$ROOT/tools/deps.sh" test
has "$err" "apt-get install -y lynx clang valgrind"
[ ! -e apt.log ] || fail "apt-get ran as a user"
