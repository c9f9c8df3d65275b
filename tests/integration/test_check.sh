# capsuled --check catches what would stop a start, naming the file and
# the line: a listen address of the wrong form, a port it cannot bind, a
# store the run-as user cannot read, a certificate out of its dates (or,
# a warning, for another name), an unknown setting, OpenSSL's complaints
# about the PEM files said in words; paths are shown absolute, relative
# ones in the configuration taken from its folder.  A start that fails
# creates no certificate.
. "$(dirname "$0")/lib.sh"
cp -r "$ROOT/capsule" store
pem() { # pem KEY CERT [openssl req options]: a P-256 pair for localhost
	local k=$1 c=$2
	shift 2
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-subj /CN=localhost -addext subjectAltName=DNS:localhost "$@" \
		-keyout "$k" -out "$c" 2>/dev/null
}
# chk [OPTION...]: --check's output in $out, its status in $rc.
chk() {
	rc=0
	out=$($CAPSULED_WRAP "$CAPSULED" --check "$@" 2>&1) || rc=$?
}
ok() { [ "$rc" = 0 ] || fail "--check failed: $out"; }
refused() { [ "$rc" = 1 ] || fail "--check gave $rc, not 1: $out"; }
pem k.pem c.pem -days 30

# 1. The listen address: the form ADDRESS:PORT, named with file and line.
mkdir etc
printf '# mine\nstore = ../store\ngemini = 1965\n' >etc/capsuled.conf
chk --config etc/capsuled.conf --cert c.pem --key k.pem
refused
has "$out" "error: etc/capsuled.conf:3: gemini is ADDRESS:PORT, such as 127.0.0.1:1965, *:1965 or [::]:1965, not \"1965\""
chk --store store --cert c.pem --key k.pem --gopher 7070
refused
has "$out" "--gopher 7070: gopher is ADDRESS:PORT"

# 2. Unknown settings are named, in capsuled.conf and in capsule.conf.
printf 'store = ../store\ngemeni = 127.0.0.1:1965\n' >etc/capsuled.conf
chk --config etc/capsuled.conf
refused
has "$out" "etc/capsuled.conf:2: unknown setting 'gemeni'"
cp store/capsule.conf capsule.conf.orig
printf 'colour = blue\n' >>store/capsule.conf
chk --store store --cert c.pem --key k.pem
refused
has "$out" "capsule.conf:$(wc -l <store/capsule.conf): unknown setting 'colour'"
cp capsule.conf.orig store/capsule.conf

# 3. Relative paths in the file are taken from its folder, and every
# path is shown absolute.
printf 'store = ../store\ncert = ../c.pem\nkey = ./../k.pem\ngemini = 127.0.0.1:%s\ngopher = off\n' $((20000 + RANDOM % 40000)) \
	>etc/capsuled.conf
chk --config etc/capsuled.conf
ok
has "$out" "configuration: $PWD/etc/capsuled.conf"
has "$out" "store: $PWD/store"
has "$out" "certificate: $PWD/c.pem"
has "$out" "key: $PWD/k.pem"
has "$out" "10 articles (9 published)"

# 4. Ports: one held by another program is a warning (a running capsuled
# holds its own), one that cannot be bound here is an error.
start_daemon
chk --store store --cert c.pem --key k.pem --gemini "127.0.0.1:$PORT" --gopher off
ok
has "$out" "gemini: 127.0.0.1:$PORT is in use now"
stop_daemon
# 192.0.2.1 (TEST-NET-1) is no address of this machine; nothing is sent.
chk --store store --cert c.pem --key k.pem --gemini 192.0.2.1:1965 --gopher off
refused
has "$out" "error: gemini: cannot bind 192.0.2.1:1965"

# 5. The certificate: OpenSSL's words said as what is wrong with which file.
chk --store store --cert k.pem --key c.pem --gopher off
refused
has "$out" "k.pem: not a PEM certificate but a \"PRIVATE KEY\" (are --cert and --key swapped?)"
lacks "$out" "PEM lib"
pem k2.pem c2.pem -days 30
chk --store store --cert c.pem --key k2.pem --gopher off
refused
has "$out" "error: the key in k2.pem does not belong to the certificate in c.pem"
lacks "$out" "key values mismatch"
echo "not a key" >junk.pem
chk --store store --cert c.pem --key junk.pem --gopher off
refused
has "$out" "junk.pem: not a PEM private key (no \"-----BEGIN\" line)"
# Out of its dates: an error; made for another name: a warning.
mkdir ca
(
	cd ca
	: >index.txt
	echo 01 >serial
	printf '[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\nunique_subject = no\nnew_certs_dir = .\nserial = serial\ndefault_md = sha256\npolicy = p\n[p]\ncommonName = supplied\n' >ca.cnf
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost \
		-keyout k.pem -out r.csr 2>/dev/null
	openssl ca -batch -config ca.cnf -selfsign -keyfile k.pem -in r.csr -out old.pem \
		-startdate 20200101000000Z -enddate 20200201000000Z -notext 2>/dev/null
	openssl ca -batch -config ca.cnf -selfsign -keyfile k.pem -in r.csr -out new.pem \
		-startdate 20990101000000Z -enddate 20990201000000Z -notext 2>/dev/null
) || fail "openssl ca could not make the test certificates"
chk --store store --cert ca/old.pem --key ca/k.pem --gopher off
refused
has "$out" "error: ca/old.pem: expired on 2020-02-01 00:00 UTC"
chk --store store --cert ca/new.pem --key ca/k.pem --gopher off
refused
has "$out" "error: ca/new.pem: not valid before 2099-01-01 00:00 UTC"
chk --store store --cert c.pem --key k.pem --host news.example.org --gopher off
ok
has "$out" "warning: c.pem: made for another name than news.example.org (--host)"

# 6. The store as the user capsuled becomes, when started as root.
if [ "$(id -u)" = 0 ]; then
	if id capsule >/dev/null 2>&1; then ruser=capsule; else ruser=nobody; fi
	chk --store store --cert c.pem --key k.pem --gopher off
	ok
	has "$out" "store read as $ruser, the user capsuled becomes (--user)"
	chmod 0700 store
	chk --store store --cert c.pem --key k.pem --gopher off
	refused
	has "$out" "store cannot be served as $ruser"
	# A start that fails makes no certificate.
	rc=0
	$CAPSULED_WRAP "$CAPSULED" --foreground --store store --cert certs/new.crt \
		--key certs/new.key --gemini 127.0.0.1:$((20000 + RANDOM % 40000)) --gopher off >start.log 2>&1 || rc=$?
	[ "$rc" != 0 ] || fail "capsuled started on a store it cannot read"
	has "$(cat start.log)" "certs/new.crt not created"
	[ ! -e certs ] || fail "a failed start left $(ls certs)"
	chmod 0755 store
	echo "as root: the store checked as $ruser; a failed start wrote nothing"
else
	echo "not root: the run-as user's checks are left out"
	chk --store store --cert c.pem --key k.pem --gopher off
	ok
	has "$out" "store read as $(id -un), who runs this check"
fi
echo "--check: addresses, ports, settings, paths, certificates, the store's reader"
