# An article file written in pieces, where it stands (an editor, cp, a
# shell redirection: not capsulectl's rename), is never served half
# written: while a slow writer adds a few bytes every 20 ms, clients
# polling it over Gemini and Gopher get "not found" or the whole new
# article, or the whole previous version, and never anything between.
. "$(dirname "$0")/lib.sh"
# The polling loops are as fast as the machine: no rate limit.
start_daemon --rate-limit off

# poll SLUG NAME: fetches SLUG over both protocols until ./stop exists,
# sorting each answer with the judge function; NAME.result gets
# "requests bad whole" and NAME.bad the first bad answers.
poll() {
	local slug=$1 name=$2 n=0 bad=0 whole=0 o v
	while [ ! -e stop ]; do
		o=$("$GEMREQ" -x -w 5000 "$PORT" \
			"gemini://localhost:$PORT/articles/$slug\r\n") || o="gemreq failed: $o"
		v=$(judge gemini "$o")
		n=$((n + 1))
		case $v in
		whole) whole=$((whole + 1)) ;;
		bad) bad=$((bad + 1)); head -c 2000 <<<"gemini: $o" >>"$name.bad" ;;
		esac
		o=$("$GEMREQ" -x -P -w 5000 "$GPORT" "/articles/$slug.txt\r\n") ||
			o="gemreq failed: $o"
		v=$(judge gopher "$o")
		n=$((n + 1))
		case $v in
		whole) whole=$((whole + 1)) ;;
		bad) bad=$((bad + 1)); head -c 2000 <<<"gopher: $o" >>"$name.bad" ;;
		esac
	done
	echo "$n $bad $whole" >"$name.result"
}

# slow_write FILE HEAD BODY: truncates or creates FILE, writes HEAD (the
# header block) at once, then BODY 4 bytes every 20 ms, keeping the file
# open all along, as an editor saving a large file would.
slow_write() {
	local i
	exec 3>"$1"
	printf '%s' "$2" >&3
	for ((i = 0; i < ${#3}; i += 4)); do
		printf '%s' "${3:i:4}" >&3
		sleep 0.02
	done
	exec 3>&-
}

# check NAME: the poll of NAME made requests and got no bad answer.
check() {
	local n bad whole
	read -r n bad whole <"$1.result"
	[ "$n" -gt 10 ] || fail "$1: the polling loop made only $n requests"
	[ "$bad" -eq 0 ] || fail "$1: $bad of $n answers were a partial article: $(head -c 1500 "$1.bad")"
	echo "$1: $n answers, $whole of them the whole article, none partial"
}

body=$(printf 'The first paragraph of a story written slowly, a few bytes at a time.\n\nA second paragraph, so that a cut one would show.\n\nThe end of the slow story.\n')

# (a) A new file, created and written in pieces.
judge() {
	case $1:$2 in
	gemini:"51 "*) echo absent ;;
	gemini:"20 "*) grep -q "The end of the slow story" <<<"$2" && echo whole || echo bad ;;
	gopher:*"Slow story"*) grep -q "The end of the slow story" <<<"$2" && echo whole || echo bad ;;
	gopher:3*) echo absent ;;
	*) echo bad ;;
	esac
}
poll slow-story new &
poller=$!
PIDS+=("$poller")
sleep 0.3
slow_write store/articles/slow-story.gmi \
	$'Title: Slow story\nDate: 2026-11-20T10:00:00Z\nTags: community\n\n' "$body"
# Once the writer is done, the story comes without any other change.
wait_status /articles/slow-story 20
has "$out" "The end of the slow story"
sleep 0.3
touch stop
wait "$poller"
check new
rm stop

# (b) An article rewritten in place (truncated, then written again
# slowly) while other changes make capsuled reload again and again.
printf 'Title: Rewritten story, first version\nDate: 2026-11-21T10:00:00Z\n\n%s\n\nFirst version ends here.\n' \
	"An article that an editor will rewrite where it stands, without a rename." >tmp.gmi
mv tmp.gmi store/articles/rewritten.gmi
wait_status /articles/rewritten 20
judge() {
	case $2 in
	*"first version"*) grep -q "First version ends here" <<<"$2" && echo whole || echo bad ;;
	*"second version"*) grep -q "The end of the slow story" <<<"$2" && echo whole || echo bad ;;
	*) echo bad ;;
	esac
}
poll rewritten rewrite &
poller=$!
PIDS+=("$poller")
# Reloads while the file is half written: another article touched.
(
	while [ ! -e stop ]; do
		touch store/articles/slow-story.gmi
		sleep 0.25
	done
) &
toucher=$!
PIDS+=("$toucher")
sleep 0.3
slow_write store/articles/rewritten.gmi \
	$'Title: Rewritten story, second version\nDate: 2026-11-21T10:00:00Z\n\n' "$body"
for i in $(seq 1 $((50 * SLOW))); do
	get /articles/rewritten
	grep -q "second version" <<<"$out" && break
	sleep 0.1
done
has "$out" "The end of the slow story"
sleep 0.3
touch stop
wait "$poller" "$toucher"
check rewrite
grep -q "still being written" daemon.log ||
	fail "no reload came while the article was being written: $(tail -5 daemon.log)"
