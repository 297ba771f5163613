# fetch-lib.sh - helpers the fetch-*.sh scripts source (not run on its own):
# die, download (curl or wget, through a .part file) and sha256. The sourcing
# script sets $prog, the name die prefixes its messages with.

die() {
    printf '%s: %s\n' "$prog" "$*" >&2
    exit 1
}

# download URL FILE: with curl or wget, whichever exists, through FILE.part so
# an interrupted download never looks complete.
download() {
    if command -v curl >/dev/null 2>&1; then
        curl -fL --retry 3 --connect-timeout 30 -o "$2.part" "$1" ||
            die "download failed: $1"
    elif command -v wget >/dev/null 2>&1; then
        wget -O "$2.part" "$1" || die "download failed: $1"
    else
        die "need curl or wget to download $1"
    fi
    mv -f "$2.part" "$2"
}

# sha256 FILE: the hex digest, or nothing when no tool is available.
sha256() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d ' ' -f 1
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | cut -d ' ' -f 1
    fi
}
