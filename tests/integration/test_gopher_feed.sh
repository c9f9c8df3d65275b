# Over Gopher the Atom feeds link to gopher:// URLs of the same pages
# (article cards, the tag menu, the front page); entry and feed ids are
# the Gemini feed's, so a reader moving between the two keeps its state.
. "$(dirname "$0")/lib.sh"
start_daemon
meetup=small-web-meetup-draws-record-crowd-in-lisbon
command -v xmllint >/dev/null || fail "xmllint is not installed (make deps-test installs it)"

for f in /atom.xml /tags/gopher/atom.xml; do
	"$GEMREQ" -P -w 5000 "$GPORT" "$f"$'\r\n' >gopher.xml
	get "$f"
	expect_status 20
	tail -n +2 <<<"$out" >gemini.xml
	xmllint --noout gopher.xml || fail "$f over gopher is not XML"
	xmllint --noout gemini.xml || fail "$f over gemini is not XML"
	! grep -q 'gemini://' gopher.xml || fail "$f over gopher: $(grep -m 3 'gemini://' gopher.xml)"
	grep -q "<link rel=\"alternate\" href=\"gopher://localhost:$GPORT/1/articles/$meetup\"/>" gopher.xml ||
		fail "$f: no gopher link to the article card"
	grep -q "href=\"gopher://localhost:$GPORT/0$f\" type=\"application/atom+xml\"" gopher.xml ||
		fail "$f: no gopher self link: $(grep self gopher.xml)"
	# The same ids, in the same order; the same entries.
	cmp -s <(grep '<id>' gopher.xml) <(grep '<id>' gemini.xml) || fail "$f: ids differ"
	[ "$(grep -c '<entry' gopher.xml)" -ge 1 ] || fail "$f: no entries"
	# The links lead somewhere: each article card answers.
	for sel in $(grep -o "gopher://localhost:$GPORT/1/articles/[a-z0-9-]*" gopher.xml | sed "s|gopher://localhost:$GPORT/1||"); do
		"$GEMREQ" -P -w 5000 "$GPORT" "$sel"$'\r\n' | head -c 1 | grep -q i ||
			fail "$sel from the feed is not a card"
	done
done
grep -q "<link rel=\"alternate\" href=\"gopher://localhost:$GPORT/1/tags/gopher/\"/>" gopher.xml ||
	fail "tag feed: no link to the tag menu"
"$GEMREQ" -P -w 5000 "$GPORT" $'/atom.xml\r\n' >front.xml
grep -q "<link rel=\"alternate\" href=\"gopher://localhost:$GPORT/1/\"/>" front.xml ||
	fail "feed: no link to the front page"
