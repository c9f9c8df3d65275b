# The publishers' zone, gemini://HOST/publish/: certificate required,
# a publisher's page with its drafts and the latest articles, previews
# (drafts included), sources as text/plain, titan:// links; never in
# Gopher, feeds, search or robots-allowed paths.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/titan.sh"

cp -r "$ROOT/capsule" store
publisher ed editor >/dev/null
publisher wr writer >/dev/null
ident stranger
chmod 0644 store/publishers
start_daemon

# pget IDENT PATH: a Gemini request with IDENT's certificate.
pget() {
	rc=0
	out=$("$GEMREQ" -x -c "$1.crt" -k "$1.key" "$PORT" \
		"gemini://localhost:$PORT$2\r\n") || rc=$?
}

get /publish/
expect_line "60 A publisher's client certificate is needed here"
pget stranger /publish/
expect_line "61 Not a publisher: $(fpr stranger)"
get /publish
expect_line "31 gemini://localhost:$PORT/publish/"

printf 'Title: Harbour lights survey\nAuthor: Wren\nTags: harbour\n\nVolunteers count the harbour lights tonight.\n' >d.gmi
up wr "/articles/;size=$(sz d.gmi)" d.gmi
expect_line "30 gemini://localhost:$PORT/publish/preview/harbour-lights-survey"
wait_log daemon.log "store reloaded"

pget wr /publish/
expect_status 20
has "$out" "You are wr, writer, with the certificate $(fpr wr)."
has "$out" "=> titan://localhost:$PORT/articles/ Upload a new article"
has "$out" "## Your drafts"
has "$out" "=> /publish/preview/harbour-lights-survey Harbour lights survey (draft, "
has "$out" "=> /publish/source/harbour-lights-survey Its source, to copy"
has "$out" "=> titan://localhost:$PORT/articles/harbour-lights-survey Replace it by Titan"
has "$out" "## Latest articles"
pget ed /publish/
has "$out" "## Drafts"
has "$out" "harbour-lights-survey"

pget wr /publish/preview/harbour-lights-survey
expect_status 20
has "$out" "A draft: readers do not see it yet."
has "$out" "# Harbour lights survey"
pget wr /publish/source/harbour-lights-survey
expect_line "20 text/plain; charset=utf-8"
has "$out" "Title: Harbour lights survey"
has "$out" "Status: draft"
pget wr /publish/preview/no-such-article
expect_line "51 Not found"

# Readers never see the zone or the draft.
get /articles/harbour-lights-survey
expect_status 51
get /robots.txt
has "$out" "Disallow: /publish/"
get /atom.xml
lacks "$out" "harbour-lights-survey"
lacks "$out" "/publish/"
get "/search?harbour%20lights"
lacks "$out" "harbour-lights-survey"
PORT=$GPORT gem "/publish/\r\n" -P -w 5000
lacks "$out" "Your drafts"
lacks "$out" "harbour-lights-survey"
PORT=$GPORT gem "/\r\n" -P -w 5000
lacks "$out" "/publish/"
