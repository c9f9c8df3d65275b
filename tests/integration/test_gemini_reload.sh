# The store is watched: a publish shows up without a restart or a signal,
# and no request fails while the snapshot is swapped.
. "$(dirname "$0")/lib.sh"
# The client loop below is as fast as the machine: no rate limit.
start_daemon --rate-limit off

# A client loop fetches the front page again and again meanwhile.
(
	n=0 bad=0
	while [ ! -e stop ]; do
		o=$("$GEMREQ" -x -w 5000 "$PORT" "gemini://localhost:$PORT/\r\n") || bad=$((bad + 1))
		[ "${o:0:3}" = "20 " ] || bad=$((bad + 1))
		n=$((n + 1))
	done
	echo "$n $bad" >loop.result
) &
loop=$!
sleep 0.5

printf 'Title: Breaking: a fresh story from Москва\nTags: community\n\nIt just happened.\n' |
	"$CAPSULECTL" --store store add - >slug
slug=$(cat slug)
wait_status "/articles/$slug" 20
has "$out" "# Breaking: a fresh story"
get /
has "$out" "=> /articles/$slug"
get /tags/community/
has "$out" "$slug"
# Search catches up once the new index is built.
for i in $(seq 1 $((50 * SLOW))); do
	get "/search?fresh%20story"
	grep -q "$slug" <<<"$out" && break
	sleep 0.1
done
has "$out" "=> /articles/$slug"
# Case folds in every script: москва finds Москва.
get "/search?%D0%BC%D0%BE%D1%81%D0%BA%D0%B2%D0%B0"
has "$out" "=> /articles/$slug"

# Unpublish takes it away again; an edit shows up.
"$CAPSULECTL" --store store unpublish "$slug"
wait_status "/articles/$slug" 51

# A broken article is reported and skipped; the rest keeps being served.
printf 'Title: broken\nDate: never\n\n' >store/articles/broken.gmi
wait_log daemon.log "articles/broken.gmi:2: skipped"
get /
expect_status 20
grep -q "articles/broken.gmi:2: skipped: date is not RFC 3339" daemon.log ||
	fail "bad article not reported: $(tail -3 daemon.log)"

touch stop
wait "$loop"
read -r n bad <loop.result
[ "$n" -gt 5 ] || fail "the client loop made only $n requests"
[ "$bad" -eq 0 ] || fail "$bad of $n requests failed during reloads"
echo "$n requests during reloads, none failed"
