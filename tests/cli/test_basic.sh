# init, add, list, show, tag, publish, unpublish, rm, check and their
# errors, driving the real binary.
. "$(dirname "$0")/lib.sh"

expect 0 ctl init --title "Test Wire" site
has "$out" site
[ -f site/capsule.conf ] && [ -d site/articles ] && [ -d site/media ] &&
	[ -d site/pages ] || fail "init left no store"
grep -q '^title = Test Wire$' site/capsule.conf || fail "title not set"
expect 1 ctl init site
has "$err" "already a store"
export CAPSULE_STORE=site

# add from a file and from standard input; slugs from the title, unique.
article "Hello, World!" 2024-06-18T09:00:00Z "Tags: news, tests" >a.gmi
expect 0 ctl add a.gmi
[ "$out" = hello-world ] || fail "slug $out"
expect 0 ctl add - <a.gmi
[ "$out" = hello-world-2 ] || fail "second slug $out"
expect 0 ctl add --slug custom-one a.gmi
[ "$out" = custom-one ] || fail "--slug gave $out"
cmp -s a.gmi site/articles/hello-world.gmi || fail "add changed the text"

# A missing Date is filled with now.
article "No date given" | ctl add - >/dev/null
grep -q "^Date: $(date -u +%Y-%m-%d)T" site/articles/no-date-given.gmi ||
	fail "Date not filled"

# Errors name the file and the line, exit 1, and store nothing.
printf 'Title: x\nDate: 2024-13-01T00:00:00Z\n\nbody\n' >bad.gmi
expect 1 ctl add bad.gmi
has "$err" "bad.gmi:2: date is out of range"
printf 'Title: x\nDate: 2024-01-01T00:00:00Z\nTags: ok, !!!\n\n' |
	{ expect 1 ctl add -; has "$err" '<stdin>:3: tag "!!!"'; }
printf 'Title: x\nDate: 2024-01-01T00:00:00Z\n\nok\n\xff\n' >utf.gmi
expect 1 ctl add utf.gmi
has "$err" "utf.gmi:5: body is not valid UTF-8"
expect 1 ctl add missing.gmi
has "$err" "missing.gmi: No such file"
[ "$(ls site/articles | wc -l)" -eq 4 ] || fail "a bad add stored a file"

# Usage errors exit 2; --help exits 0 for every command.
expect 2 ctl add
expect 2 ctl add --bogus a.gmi
expect 2 ctl nosuchcommand
expect 2 ctl show
for c in init add import edit list show tag publish unpublish rm check; do
	expect 0 ctl "$c" --help
	has "$out" "usage: capsulectl"
done
expect 0 ctl --help
has "$out" "Commands:"

# list, plain and JSON, with a tag filter.
expect 0 ctl list
has "$out" "2024-06-18  published  hello-world  Hello, World!"
expect 0 ctl list --tag news --json
has "$out" '"slug": "hello-world"'
has "$out" '"tags": ["news", "tests"]'
lacks "$out" no-date-given
expect 0 ctl list --tag nothing --json
[ "$out" = "[]" ] || fail "empty JSON list: $out"

# tag adds and removes, keeps other headers, prints the result.
sed -i 's/^Tags: .*/&\nX-Custom: kept/' site/articles/hello-world.gmi
expect 0 ctl tag hello-world +extra -news more
[ "$out" = "extra, more, tests" ] || fail "tags: $out"
grep -q '^X-Custom: kept$' site/articles/hello-world.gmi ||
	fail "unknown header lost"
expect 1 ctl tag hello-world +!!
has "$err" 'tag "!!": nothing to fold into a tag'
expect 1 ctl tag nosuch +x
has "$err" "nosuch: no such article"

# publish and unpublish toggle Status; show prints the file.
expect 0 ctl unpublish hello-world
expect 0 ctl show hello-world
has "$out" "Status: draft"
expect 0 ctl list
has "$out" "draft      hello-world"
expect 0 ctl publish hello-world
expect 0 ctl show hello-world
has "$out" "Status: published"
expect 1 ctl show ../capsule
has "$err" "not a slug"

# rm moves to .trash, never deletes; a second rm of the same slug keeps both.
expect 0 ctl rm custom-one
has "$out" ".trash/custom-one.gmi"
[ -f site/.trash/custom-one.gmi ] && [ ! -e site/articles/custom-one.gmi ] ||
	fail "rm did not move to the trash"
expect 0 ctl add --slug custom-one a.gmi
expect 0 ctl rm custom-one
[ "$(ls site/.trash | wc -l)" -eq 2 ] || fail "second rm overwrote the trash"
expect 1 ctl rm custom-one

# check passes on a good store and names file and line on a bad one.
expect 0 ctl check
has "$out" "0 with errors"
printf 'Title: t\nDate: 2024-01-01T00:00:00Z\nStatus: maybe\n\n' \
	>site/articles/broken.gmi
expect 1 ctl check
has "$err" "site/articles/broken.gmi:3: Status is neither published nor draft"
has "$out" "1 with errors"
# The rest still loads.
expect 1 ctl list
has "$out" hello-world
rm site/articles/broken.gmi
printf 'Title: t\nDate: 2024-01-01T00:00:00Z\nImage: media/none.png\n\n' \
	>site/articles/no-image.gmi
expect 1 ctl check
has "$err" "Image media/none.png: no such file"
rm site/articles/no-image.gmi

# --store and a store that is not there.
expect 1 ctl --store nowhere list
has "$err" "nowhere: No such file or directory"
expect 0 ctl --store site check
