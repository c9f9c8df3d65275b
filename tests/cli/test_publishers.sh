# publishers add|list|rm, identity new and log: the publishers file (mode
# 0600, token hashes only), clear refusals, client certificates openssl
# reads with the fingerprint capsulectl printed, and one audit line per
# write from every writing command.
. "$(dirname "$0")/lib.sh"

ctl init site >/dev/null
export CAPSULE_STORE=site

# identity new: a certificate and a private key; the fingerprint printed
# is openssl's SHA-256 of the certificate.
mkdir ids
expect 0 ctl identity new ada --out ids
fp_ada=$out
[[ $fp_ada =~ ^sha256:[0-9a-f]{64}$ ]] || fail "fingerprint form: $fp_ada"
[ "$(stat -c %a ids/ada.key)" = 600 ] || fail "key mode $(stat -c %a ids/ada.key)"
if command -v openssl >/dev/null; then
	want=$(openssl x509 -in ids/ada.crt -noout -fingerprint -sha256 |
		sed 's/.*=//; s/://g' | tr A-F a-f)
	[ "sha256:$want" = "$fp_ada" ] || fail "openssl says $want, capsulectl $fp_ada"
	openssl x509 -in ids/ada.crt -noout -subject | grep -q 'CN *= *ada' ||
		fail "subject"
	openssl pkey -in ids/ada.key -noout || fail "key unreadable"
fi
expect 1 ctl identity new ada --out ids
has "$err" "ids/ada.key: File exists"
expect 1 ctl identity new ../x --out ids
expect 0 ctl identity new bob --out ids
fp_bob=$out

# add: writer by default; refusals say what is wrong and change nothing.
expect 0 ctl publishers add ada "$fp_ada" --role editor
[ "$out" = "ada editor $fp_ada" ] || fail "add printed $out"
[ "$(stat -c %a site/publishers)" = 600 ] || fail "publishers mode"
expect 0 ctl publishers add bob "$fp_bob" --token
has "$out" "bob writer $fp_bob"
token=$(sed -n 's/^token //p' <<<"$out")
[ ${#token} -eq 32 ] || fail "token '$token'"
has "$err" "shown only this once"
grep -q "$token" site/publishers && fail "the token itself is stored"
grep -q '^bob writer sha256:[0-9a-f]* scrypt\$' site/publishers ||
	fail "no hash: $(cat site/publishers)"
cp site/publishers before
expect 1 ctl publishers add ada2 "$fp_ada"
has "$err" "capsulectl: error: ada2: a publisher has this fingerprint already"
expect 1 ctl publishers add ada "sha256:$(printf '0%.0s' $(seq 1 64))"
has "$err" "capsulectl: error: ada: a publisher has this name already"
expect 1 ctl publishers add carl "SHA256:$(printf '0%.0s' $(seq 1 64))"
has "$err" "not a fingerprint (sha256: and 64 lower-case hex digits"
expect 1 ctl publishers add carl sha256:abc
has "$err" "not a fingerprint"
expect 1 ctl publishers add carl "$fp_ada" --role boss
has "$err" "--role boss: not a role (writer or editor)"
expect 1 ctl publishers add "car l" "$fp_ada"
has "$err" "not a publisher's name"
expect 2 ctl publishers add carl
cmp -s before site/publishers || fail "a refusal changed the file"

expect 0 ctl publishers list
has "$out" "ada	editor	$fp_ada	-"
has "$out" "bob	writer	$fp_bob	token"
expect 0 ctl publishers list --json
has "$out" "{\"name\": \"ada\", \"role\": \"editor\", \"fingerprint\": \"$fp_ada\", \"token\": false}"
has "$out" "\"token\": true}"
if command -v python3 >/dev/null; then
	python3 -c 'import json,sys; assert len(json.load(sys.stdin)) == 2' <<<"$out" ||
		fail "not JSON: $out"
fi
expect 1 ctl publishers rm carl
has "$err" "carl: no such publisher"
expect 0 ctl publishers rm bob
expect 0 ctl publishers list
lacks "$out" "bob"

# log: one line per write, from every command that writes.
article "Logged" 2024-06-18T09:00:00Z | ctl add - >/dev/null
ctl publish logged >/dev/null
ctl tag logged +news >/dev/null
ctl rename logged "Logged again" >/dev/null
ctl rm logged-again >/dev/null
expect 0 ctl log
me=$(id -un)
[ "$(wc -l <<<"$out")" -eq 7 ] || fail "want 7 lines: $out"
has "$out" "	$me	-	publishers-add	ada	"
has "$out" "	$me	-	publishers-rm	bob	"
has "$out" "	$me	-	add	logged	"
has "$out" "	$me	-	tag	logged	"
has "$out" "	$me	-	rename	logged-again	"
has "$out" "	$me	-	trash	logged-again	"
# publish of a published article changes nothing, and logs nothing.
lacks "$out" "	publish	"
expect 0 ctl log --json
has "$out" "\"who\": \"$me\", \"fingerprint\": null, \"action\": \"add\", \"name\": \"logged\", \"bytes\": "
if command -v python3 >/dev/null; then
	python3 -c 'import json,sys; assert len(json.load(sys.stdin)) == 7' <<<"$out" ||
		fail "not JSON: $out"
fi
ctl init empty >/dev/null
expect 0 ctl --store empty log --json
[ "$out" = "[]" ] || fail "empty log: $out"
