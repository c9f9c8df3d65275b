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
