# A replica: capsuled serving a store that capsulectl sync keeps at the
# primary's latest commit.  It follows each switch without a restart,
# every page it serves comes from one commit (a reader never sees two
# articles changed together by one commit at different revisions), its
# metrics name the commit, capsulectl refuses to write into it, and
# with --primary it answers Titan uploads and /publish/ with 31 to the
# primary, same path.
. "$(dirname "$0")/lib.sh"
command -v git >/dev/null 2>&1 || { echo "SKIP $CAPSULE_TEST: git is not installed"; exit 77; }
command -v curl >/dev/null 2>&1 || { echo "SKIP $CAPSULE_TEST: curl is not installed"; exit 77; }
export HOME=$PWD	# no git configuration of the user's

"$CAPSULECTL" init --git --title Wire primary >/dev/null
rev() {
	local i=$1
	printf 'Title: Alpha r%s\nDate: 2024-01-01T00:00:00Z\n\nAlpha at revision %s.\n' \
		"$i" "$i" >primary/articles/alpha.gmi
	printf 'Title: Beta r%s\nDate: 2024-01-02T00:00:00Z\n\nBeta at revision %s.\n' \
		"$i" "$i" >primary/articles/beta.gmi
}
# Both articles in one commit, as a hook or a merge would bring them.
rev 0
git -C primary add -A && git -C primary -c user.name=t -c user.email=t@t \
	commit -qm "rev 0"
"$CAPSULECTL" --store store sync --from primary >id || fail "first sync"
[ "$(cat id)" = "$(git -C primary rev-parse HEAD)" ] || fail "sync printed $(cat id)"
[ -L store ] || fail "store is not a link"
[ "$(cat store/.version)" = "$(cat id)" ] || fail ".version"

MPORT=$(free_port)
start_daemon --rate-limit off --primary gemini://primary.example:1966/ \
	--metrics "127.0.0.1:$MPORT"
get /articles/alpha
expect_status 20
has "$out" "Alpha at revision 0."
m=$(curl -sS "http://127.0.0.1:$MPORT/metrics")
has "$m" "capsule_store_version_info{commit=\"$(cat id)\"} 1"

# The reader: the home page lists both headlines, always at one revision.
(
	while [ ! -e stop ]; do
		o=$("$GEMREQ" -x "$PORT" "gemini://localhost:$PORT/\r\n" 2>/dev/null) ||
			continue
		a=$(grep -o 'Alpha r[0-9]*' <<<"$o" | head -n 1)
		b=$(grep -o 'Beta r[0-9]*' <<<"$o" | head -n 1)
		[ "${a#Alpha }" = "${b#Beta }" ] || echo "mixed: $a / $b" >>mixed
		echo "${a#Alpha }" >>seen
	done
) &
reader=$!
for i in $(seq 1 8); do
	rev "$i"
	git -C primary add -A && git -C primary -c user.name=t \
		-c user.email=t@t commit -qm "rev $i"
	"$CAPSULECTL" --store store sync --from "$PWD/primary" --keep 0 >id ||
		fail "sync $i"
	sleep 0.3
done
wait_status /articles/alpha 20
for i in $(seq 1 $((50 * SLOW))); do
	get /articles/beta
	grep -q "Beta at revision 8." <<<"$out" && break
	sleep 0.1
done
has "$out" "Beta at revision 8."
touch stop
wait "$reader"
[ ! -e mixed ] || fail "a page mixed two commits: $(head -3 mixed)"
# It saw the switches happen (under valgrind, fewer pages in the time).
[ "$(sort -u seen | wc -l)" -ge $((SLOW > 1 ? 2 : 3)) ] ||
	fail "the reader saw too few revisions: $(sort -u seen | tr '\n' ' ')"
# Old checkouts go (--keep 0): the one in service and the cache stay.
[ "$(ls store.versions | sort | tr '\n' ' ')" = \
	"$(printf '%s\n' "$(cat id)" cache.git | sort | tr '\n' ' ')" ] ||
	fail "versions: $(ls store.versions)"
m=$(curl -sS "http://127.0.0.1:$MPORT/metrics")
has "$m" "capsule_store_version_info{commit=\"$(git -C primary rev-parse HEAD)\"} 1"
has "$(cat daemon.log)" "store reloaded"

# Nothing to fetch: the same commit, nothing switched.
before=$(readlink store)
"$CAPSULECTL" --store store sync --from primary >/dev/null
[ "$(readlink store)" = "$before" ] || fail "an idle sync switched"

# capsulectl does not write into a replica.
printf 'Title: Local\n\nNo.\n' >local.gmi
rc=0
"$CAPSULECTL" --store store add local.gmi 2>err || rc=$?
[ "$rc" = 1 ] || fail "add on a replica: status $rc"
has "$(cat err)" "publish on the primary"

# A store that is not sync's link is left alone.
mkdir plain
rc=0
"$CAPSULECTL" --store plain sync --from primary 2>err || rc=$?
[ "$rc" = 1 ] || fail "sync over a plain folder: status $rc"
has "$(cat err)" "not a link made by 'capsulectl sync'"

# Writes go to the primary, same path, as sent.
gem "titan://localhost:$PORT/articles/new.gmi;size=5;mime=text/gemini\r\nhello"
[ "$(head -n 1 <<<"$out" | tr -d '\r')" = \
	"31 titan://primary.example:1966/articles/new.gmi;size=5;mime=text/gemini" ] ||
	fail "titan: $(head -n 1 <<<"$out")"
get "/publish/new?draft"
[ "$(head -n 1 <<<"$out" | tr -d '\r')" = \
	"31 gemini://primary.example:1966/publish/new?draft" ] ||
	fail "publish: $(head -n 1 <<<"$out")"
# Reads stay here; another host's titan:// is still a proxy request.
get /articles/alpha
expect_status 20
gem "titan://elsewhere.example/x;size=1\r\nx"
expect_status 53
