# A page of pages/ rewritten where it stands (an editor, a shell
# redirection) is never served half written: while a slow writer adds a
# few bytes every 20 ms, and other changes make capsuled reload again
# and again, clients polling it get the whole previous page or the whole
# new one, never anything between.  Pages used to be read as they stood.
. "$(dirname "$0")/lib.sh"
start_daemon --rate-limit off

printf '# Old about page\n\nThe old page, whole. Old page ends here.\n' >tmp.gmi
mv tmp.gmi store/pages/about.gmi
for i in $(seq 1 $((50 * SLOW))); do
	get /about
	grep -q "Old page ends here" <<<"$out" && break
	sleep 0.1
done
has "$out" "Old page ends here"

# poll: fetches /about until ./stop exists; poll.result gets "requests
# bad" and poll.bad the first bad answers.
poll() {
	local n=0 bad=0 o
	while [ ! -e stop ]; do
		o=$("$GEMREQ" -x -w 5000 "$PORT" \
			"gemini://localhost:$PORT/about\r\n") || o="gemreq failed: $o"
		n=$((n + 1))
		case $o in
		*"Old page ends here"*|*"New page ends here"*) ;;
		*) bad=$((bad + 1)); head -c 2000 <<<"$o" >>poll.bad ;;
		esac
	done
	echo "$n $bad" >poll.result
}

poll &
poller=$!
PIDS+=("$poller")
# Reloads while the page is half written: an article touched.
(
	while [ ! -e stop ]; do
		touch store/articles/*.gmi
		sleep 0.25
	done
) &
toucher=$!
PIDS+=("$toucher")
sleep 0.3
body=$(printf 'A new page written slowly, a few bytes at a time, so that a cut one would show.\n\nNew page ends here.\n')
exec 3>store/pages/about.gmi
printf '# New about page\n\n' >&3
for ((i = 0; i < ${#body}; i += 4)); do
	printf '%s' "${body:i:4}" >&3
	sleep 0.02
done
exec 3>&-
for i in $(seq 1 $((50 * SLOW))); do
	get /about
	grep -q "New page ends here" <<<"$out" && break
	sleep 0.1
done
has "$out" "New page ends here"
sleep 0.3
touch stop
wait "$poller" "$toucher"
read -r n bad <poll.result
[ "$n" -gt 10 ] || fail "the polling loop made only $n requests"
[ "$bad" -eq 0 ] || fail "$bad of $n answers were a partial page: $(head -c 1500 poll.bad)"
echo "$n answers, none partial"
