# Amfora (Gemini), driven in tmux with a home of its own: the front
# page with its lead story, then its first link, the article, then a
# search, read off the screen.  The self-signed certificate is trusted on first use
# without a question, and its key's fingerprint kept in Amfora's
# tofu.toml, which the next connection (the article) checks.
. "$(dirname "$0")/lib.sh"
need_client amfora tmux openssl
if [ -n "$CAPSULED_WRAP" ]; then
	echo "SKIP $CAPSULE_TEST: a terminal client under a wrapper adds nothing"
	exit 77
fi
start_daemon
h=$PWD/home
tmux_start env XDG_CONFIG_HOME="$h/.config" XDG_CACHE_HOME="$h/.cache" \
	XDG_DATA_HOME="$h/.local/share" amfora "gemini://localhost:$PORT/"
pane_wait "Read the article"
grep -qx ' *# The Lantern Wire *' <<<"$scr" || fail "no title: $scr"
grep -qx ' *## Small web meetup draws record crowd in Lisbon *▒' <<<"$scr" ||
	fail "no lead headline: $scr"
has "$scr" "By Zoë Marchetti · 21 October 2026"
has "$scr" "[1]  Read the article"
has "$scr" "[16] 2026-10-21 Small web meetup draws record crowd in Lisbon"
fp=$(openssl x509 -in cert.pem -pubkey -noout | openssl pkey -pubin -outform DER |
	sha256sum | cut -d ' ' -f 1 | tr a-f A-F)
grep -qxF "\"localhost:$PORT\" = \"$fp\"" "$h/.cache/amfora/tofu.toml" ||
	fail "Amfora's TOFU entry: $(cat "$h/.cache/amfora/tofu.toml") (want $fp)"

keys 1
pane_wait "Organisers of the Small Web Days"
grep -qx ' *# Small web meetup draws record crowd in Lisbon *' <<<"$scr" ||
	fail "no headline: $scr"
has "$scr" "By Zoë Marchetti · 21 October 2026"
has "$scr" "[1]  Source: example.org"
lacks "$scr" "Ã"
lacks "$scr" "TOFU"

# A search: Amfora asks for the query in a box of its own (status 10).
keys Space
keys "gemini://localhost:$PORT/search" Enter
pane_wait "Search for"
keys lisbon Enter
sleep 0.2
keys Enter
pane_wait "# Search results for: lisbon"
has "$scr" "[1]  2026-10-21 Small web meetup draws record crowd in Lisbon"
has "$scr" "… 120 people in a converted tram depot in Lisbon."
keys q
