# capsulectl import on the synthetic scraped fixture, on Markdown, and on
# the real scraped article when ../shared is there.
. "$(dirname "$0")/lib.sh"
ctl init site >/dev/null
export CAPSULE_STORE=site

# No heading and no --title: a clear error that says what to do.
expect 1 ctl import "$FIX/import/scraped-synthetic.txt"
has "$err" "pass --title"
[ -z "$(ls site/articles)" ] || fail "a failed import stored something"

expect 0 ctl import --title "Synthetic scraped story" --date 2024-05-01 \
	--tags extra "$FIX/import/scraped-synthetic.txt"
slug=$out
[ "$slug" = synthetic-scraped-story ] || fail "slug $slug"
expect 0 ctl show "$slug"
has "$out" "Date: 2024-05-01T00:00:00Z"
has "$out" "Image-Credit: "
has "$out" "Related: "
has "$out" "Copyright: "
grep -q $'\xc2\xa0' "site/articles/$slug.gmi" && fail "NBSP left in the article"
body=$(sed '1,/^$/d' "site/articles/$slug.gmi")
for b in "Read also" "Written by" "Join the Discussion" "Tags:" "(Photo" \
	"This article is owned"; do
	lacks "$body" "$b"
done
expect 0 ctl check

# Markdown, detected, title from its heading; standard input works.
expect 0 ctl import - <"$FIX/import/sample.md"
md=$out
expect 0 ctl show "$md"
has "$out" "=> "
lacks "$out" "**"
expect 1 ctl import --date yesterday "$FIX/import/sample.md"
has "$err" "--date yesterday"
# check holds a link into media/ to a file there: the sample's picture.
expect 1 ctl check
has "$err" "link to media/basil.jpg: no such file in the store"
: >site/media/basil.jpg
expect 0 ctl check

# The real article, when it is here (never copied into the project).
real=$ROOT/../shared/corpus/scraped-huawei.txt
if [ -f "$real" ]; then
	expect 0 ctl import --title "Huawei founder urges staying open to the United States" \
		--date 2024-06-18T09:00:00Z "$real"
	f=site/articles/$out.gmi
	grep -qx "Author: RJ Pierce" "$f" || fail "author"
	grep -qx "Tags: huawei" "$f" || fail "tags"
	grep -qx "Image-Credit: Li Yang/China News Service via Getty Images" "$f" || fail "credit"
	grep -qx "Image-Alt: Huawei event" "$f" || fail "alt"
	grep -q $'\xc2\xa0' "$f" && fail "NBSP left"
	body=$(sed '1,/^$/d' "$f")
	for b in "Read also" "Related:" "Written by" "TECHTIMES" "Join the Discussion" \
		"Tags:" "(Photo" "This article is owned"; do
		lacks "$body" "$b"
	done
	expect 0 ctl check
else
	echo "no ../shared corpus; the real article part is skipped"
fi

# Encodings: text that is not UTF-8 is refused at its first bad byte, with
# the option to pass; Windows-1252 is recognised and converted on request.
printf 'Caf\xe9 owners protest new rules\n\nThe owners of the caf\xe9 said on Monday that the rules were unfair.\n' >latin1.txt
n=$(ls site/articles | wc -l)
expect 1 ctl import latin1.txt
has "$err" "latin1.txt: not UTF-8 (byte 3 is 0xe9)"
has "$err" "pass --encoding windows-1252"
[ "$(ls site/articles | wc -l)" -eq "$n" ] || fail "a refused import stored something"
expect 0 ctl import --encoding windows-1252 latin1.txt
[ "$out" = cafe-owners-protest-new-rules ] || fail "slug $out"
f=site/articles/$out.gmi
grep -qx "Title: Caf$(printf '\xc3\xa9') owners protest new rules" "$f" || fail "converted title"
grep -q "the caf$(printf '\xc3\xa9') said" "$f" || fail "converted body"
expect 0 ctl import --encoding latin1 --slug latin-one latin1.txt
printf 'Bad \x81\x8d bytes here\n\nA paragraph of text that is long enough to read as a story.\n' >bad.txt
expect 1 ctl import bad.txt
has "$err" "bad.txt: not UTF-8 (byte 4 is 0x81); pass --encoding"
lacks "$err" "windows-1252"
expect 1 ctl import --encoding no-such-charset latin1.txt
has "$err" "--encoding no-such-charset: not a charset iconv knows"
expect 1 ctl import --encoding utf-8 latin1.txt
has "$err" "not utf-8 at byte 3"
# A U+FFFD in the text never reaches the title or the slug.
printf 'Storm \xef\xbf\xbd closes the bridge\n\nThe bridge was closed on Monday after the storm damaged its railings.\n' >fffd.txt
expect 0 ctl import fffd.txt
[ "$out" = storm-closes-the-bridge ] || fail "slug $out"
grep -qx "Title: Storm closes the bridge" "site/articles/$out.gmi" || fail "U+FFFD in the title"

# A page copied from a browser: the headline's furniture goes, the date,
# byline and photo credit in the text become headers.
expect 0 ctl import --title "Harbor pilots vote to strike over night shifts" \
	"$FIX/import/page-wire-en.txt"
f=site/articles/$out.gmi
grep -qx "Date: 2025-03-04T00:00:00Z" "$f" || fail "date from the text"
grep -qx "Author: MARIA OKONJO and Dev Patel" "$f" || fail "byline"
grep -qx "Image-Credit: Jon Reyes/AP" "$f" || fail "credit"
body=$(sed '1,/^$/d' "$f")
for b in "Skip to content" "Advertisement" "Share on" "Leave a Reply" "(Jon Reyes"; do
	lacks "$body" "$b"
done
# --date still wins over a date in the text.
expect 0 ctl import --date 2025-04-01 --slug pilots-dated \
	--title "Harbor pilots vote to strike over night shifts" \
	"$FIX/import/page-wire-en.txt"
grep -qx "Date: 2025-04-01T00:00:00Z" site/articles/pilots-dated.gmi || fail "--date"
expect 0 ctl check
