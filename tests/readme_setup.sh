#!/bin/sh
# readme_setup.sh SOURCE_DIR — README's set-up commands, as a new user pastes
# them: the package step must work as root where there is no sudo, and as a
# user through sudo; and it must name every Debian package CMakeLists.txt
# requires. apt-get and sudo are stand-ins here that only record how they
# were called (nothing is installed).
set -eu
src=${1:?usage: readme_setup.sh SOURCE_DIR}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/precis-readme.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

grep 'apt-get install' "$src/README.md" | sed 's/^ *//' >"$tmp/commands"
[ "$(wc -l <"$tmp/commands")" -ge 2 ] || fail "README has fewer than two set-up commands"

mkdir "$tmp/nosudo" "$tmp/withsudo"
for d in nosudo withsudo; do
    printf '#!/bin/sh\necho "apt-get $*" >>"%s/log"\n' "$tmp/$d" >"$tmp/$d/apt-get"
done
printf '#!/bin/sh\necho sudo >>"%s/log"\nexec "$@"\n' "$tmp/withsudo" >"$tmp/withsudo/sudo"
chmod +x "$tmp"/nosudo/* "$tmp"/withsudo/*

while IFS= read -r cmd; do
    step=${cmd%% && *} # the package step; the build steps are ctest's own
    # PATH holds only the stand-ins: a real sudo or apt-get is never reached.
    for d in nosudo withsudo; do
        rm -f "$tmp/$d/log"
        PATH="$tmp/$d" /bin/sh -c "$step" || fail "$d: '$step' failed"
        [ -f "$tmp/$d/log" ] && grep -q '^apt-get install' "$tmp/$d/log" ||
            fail "$d: apt-get was not run by '$step'"
    done
    [ "$(head -n 1 "$tmp/withsudo/log")" = sudo ] || fail "a user with sudo: not run through sudo"
    ! grep -q '^sudo' "$tmp/nosudo/log" || fail "root without sudo: sudo was called"
    for pkg in $(sed -n 's/^precis_require([A-Z0-9_]* [^ ]* \([^)]*\))/\1/p' "$src/CMakeLists.txt") \
               libgsl-dev check; do
        case " $step " in
            *" $pkg "*) ;;
            *) fail "README's '$step' does not install $pkg" ;;
        esac
    done
done <"$tmp/commands"

[ "$failures" -eq 0 ] || { echo "readme_setup: $failures failure(s)" >&2; exit 1; }
echo "readme_setup: set-up commands work with and without sudo and name every package"
