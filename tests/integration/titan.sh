# Helpers for the Titan tests, sourced after lib.sh: client identities
# made with openssl, publishers, uploads with gemreq.

# ident NAME: a self-signed client certificate NAME.crt, key NAME.key.
ident() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-days 30 -subj "/CN=$1" -keyout "$1.key" -out "$1.crt" 2>/dev/null
}

# ident_expired NAME: one whose dates ended in 2021 (openssl ca can set
# them; req cannot).
ident_expired() {
	mkdir -p ca
	printf '[ca]\ndefault_ca=c\n[c]\ndatabase=ca/index\nnew_certs_dir=ca\nserial=ca/serial\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n' >ca/cnf
	: >ca/index
	echo 01 >ca/serial
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-subj "/CN=$1" -keyout "$1.key" -out "ca/$1.csr" 2>/dev/null
	openssl ca -batch -config ca/cnf -selfsign -keyfile "$1.key" \
		-in "ca/$1.csr" -out "$1.crt" -startdate 20200101000000Z \
		-enddate 20210101000000Z >/dev/null 2>&1
}

# fpr NAME: the certificate's fingerprint as capsule writes it.
fpr() {
	echo "sha256:$(openssl x509 -in "$1.crt" -outform DER | sha256sum | cut -d ' ' -f 1)"
}

# publisher NAME ROLE [capsulectl options]: NAME's certificate made and
# listed in ./store's publishers file.
publisher() {
	local n=$1 r=$2
	shift 2
	[ -f "$n.crt" ] || ident "$n"
	"$CAPSULECTL" --store store publishers add "$n" "$(fpr "$n")" \
		--role "$r" "$@"
}

# up IDENT PATH;PARAMS FILE [gemreq options]: a Titan upload of FILE's
# bytes (size= is the caller's) as IDENT ("-": none); the answer in $out.
up() {
	local id=$1 url=$2 body=$3
	shift 3
	local certopt=()
	[ "$id" = - ] || certopt=(-c "$id.crt" -k "$id.key")
	rc=0
	out=$("$GEMREQ" -x "${certopt[@]}" -f "$body" "$@" "$PORT" \
		"titan://localhost:$PORT$url\r\n") || rc=$?
}

# sz FILE: its size in bytes.
sz() { stat -c %s "$1"; }

# line1: the first line of $out without its CR.
line1() { head -n 1 <<<"$out" | tr -d '\r'; }

expect_line() {
	[ "$(line1)" = "$1" ] || fail "want '$1', got '$(line1)' (rc $rc)"
}

# store_state: every file under store/ (but .log and .lock) with its sum.
store_state() {
	(cd store && find . -type f ! -name .log ! -name .lock -print0 |
		sort -z | xargs -0 sha256sum)
}
