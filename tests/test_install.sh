#!/bin/sh
# test_install.sh BUILD_DIR SOURCE_DIR [CMAKE] [SANITIZE(0|1)]
#
# Installs the build into a temporary prefix and checks what a user gets: the
# two tools, the shared and static libraries, precis.h, precis.pc, the man
# pages (and the default model, when the source tree has one). Then it builds
# a small program against the installed tree the way a user would, with
# `cc $(pkg-config --cflags --libs precis)`, runs it, and does the same with
# `pkg-config --static` linking libprecis.a; builds examples/classify.c the
# same way and runs it with the installed model; then moves the installed
# tree and checks precis-infer still finds its default model (beside itself).
#
# Exit status: 0 pass, 1 fail, 77 skipped (ctest's SKIP_RETURN_CODE): in a
# sanitizer build the program is built with the sanitizer flags too; if even
# that does not link, the check cannot be made there.
set -eu

build=${1:?usage: test_install.sh BUILD_DIR SOURCE_DIR [CMAKE] [SANITIZE]}
source=${2:?usage: test_install.sh BUILD_DIR SOURCE_DIR [CMAKE] [SANITIZE]}
cmake=${3:-cmake}
sanitize=${4:-0}
cc=${CC:-cc}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/precis-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
prefix=$tmp/prefix
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

need_file() {
    [ -f "$prefix/$1" ] || fail "not installed: $1"
}

# ---------------------------------------------------------------- install
if ! "$cmake" --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log" >&2
    echo "FAIL: cmake --install $build --prefix $prefix" >&2
    exit 1
fi

for tool in precis-train precis-infer; do
    if [ -x "$prefix/bin/$tool" ]; then
        "$prefix/bin/$tool" --version >"$tmp/version" 2>&1 || fail "$tool --version failed"
        grep -q "^$tool [0-9]" "$tmp/version" || fail "$tool --version said: $(cat "$tmp/version")"
    else
        fail "not installed: bin/$tool"
    fi
done

need_file include/precis.h
need_file lib/libprecis.a
need_file lib/pkgconfig/precis.pc
need_file share/man/man1/precis-train.1
need_file share/man/man1/precis-infer.1
# The shared library: the real file, the soname link, the link-time name.
set -- "$prefix"/lib/libprecis.so.*.*.*
[ -f "$1" ] || fail "not installed: lib/libprecis.so.MAJOR.MINOR.PATCH"
[ -L "$prefix/lib/libprecis.so" ] || fail "lib/libprecis.so is not a link"
soname=$(readelf -d "$prefix/lib/libprecis.so" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ -n "$soname" ] && [ -e "$prefix/lib/$soname" ] || fail "soname link lib/$soname missing"

# Only the public API is exported: every defined dynamic symbol is precis_.
if command -v nm >/dev/null 2>&1; then
    private=$(nm -D --defined-only "$prefix/lib/libprecis.so" | awk '{ print $NF }' |
              grep -v '^precis_' | grep -v '^_' || true)
    [ -z "$private" ] || fail "libprecis.so exports private symbols: $(echo $private | head -c 300)"
    nm -D --defined-only "$prefix/lib/libprecis.so" | grep -q ' precis_analysis_new$' ||
        fail "libprecis.so does not export precis_analysis_new"
fi

if [ -f "$source/datasets/models/news.model" ]; then
    need_file share/precis/news.model
elif [ -e "$prefix/share/precis/news.model" ]; then
    fail "share/precis/news.model installed, but the source tree has none"
fi

# ---------------------------------------------------------------- pkg-config
PKG_CONFIG_PATH=$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
export PKG_CONFIG_PATH
pcdir=$(pkg-config --variable=pcfiledir precis) || fail "pkg-config does not find precis"
[ "$pcdir" = "$prefix/lib/pkgconfig" ] || fail "pkg-config found precis.pc in $pcdir"
version=$(sed -n 's/^#define PRECIS_VERSION_STRING "\(.*\)"/\1/p' "$prefix/include/precis.h")
[ "$(pkg-config --modversion precis)" = "$version" ] ||
    fail "precis.pc version $(pkg-config --modversion precis) is not precis.h's $version"

cat >"$tmp/use_precis.c" <<'EOF'
/* A user's program: decode Latin-1 bytes, build a vocabulary from two texts. */
#include <precis.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    precis_error err;
    char *text;
    size_t len;
    if (precis_text_decode("caf\xe9", 4, &text, &len, &err) != PRECIS_OK)
        return 1;
    printf("decoded: %s (%zu bytes)\n", text, len);
    free(text);

    const char *docs[2] = {"The cat sat.", "The dog sat down."};
    precis_feature_options fo;
    precis_feature_options_default(&fo);
    precis_vectorizer_builder *b;
    precis_vectorizer *v;
    precis_csr X = {0};
    if (precis_vectorizer_builder_new(&b, &fo, &err) != PRECIS_OK)
        return 1;
    for (int i = 0; i < 2; i++)
        if (precis_vectorizer_builder_add(b, docs[i], strlen(docs[i]), &err) != PRECIS_OK)
            return 1;
    if (precis_vectorizer_builder_finish(b, &v, &X, &err) != PRECIS_OK)
        return 1;
    printf("terms:");
    for (size_t j = 0; j < precis_vectorizer_size(v); j++)
        printf(" %s", precis_vectorizer_term(v, j));
    printf("\nrows %zu, nonzeros %zu\n", X.n_rows, X.nnz);
    precis_csr_free(&X);
    precis_vectorizer_free(v);
    precis_vectorizer_builder_free(b);
    return 0;
}
EOF
# Latin-1 0xE9 is U+00E9, two bytes in UTF-8; scikit-learn's rules: lowercase
# words of two or more letters, sorted; 3 + 4 distinct terms in the two rows.
printf 'decoded: caf\303\251 (5 bytes)\nterms: cat dog down sat the\nrows 2, nonzeros 7\n' >"$tmp/expected"

extra=
[ "$sanitize" = 1 ] && extra="-fsanitize=address,undefined"

# $1: program name; the rest: compiler arguments. 0 if it linked.
build_program() {
    out=$1
    shift
    # shellcheck disable=SC2086  # $extra and the pkg-config words are lists
    $cc -std=c11 $extra -o "$tmp/$out" "$tmp/use_precis.c" "$@" >"$tmp/$out.log" 2>&1
}

check_output() {
    if ! cmp -s "$tmp/$1.out" "$tmp/expected"; then
        fail "$1 printed:"
        cat "$tmp/$1.out" >&2
    fi
}

# shellcheck disable=SC2046
if ! build_program dynamic $(pkg-config --cflags --libs precis); then
    if [ "$sanitize" = 1 ]; then
        echo "SKIPPED: the sanitizer build's library does not link into a program, even one"
        echo "built with $extra; the links are checked in the normal build. Linker said:"
        cat "$tmp/dynamic.log"
        [ "$failures" -eq 0 ] || { echo "test_install: $failures failure(s) before that" >&2; exit 1; }
        exit 77
    fi
    cat "$tmp/dynamic.log" >&2
    fail "cc \$(pkg-config --cflags --libs precis) did not build the program"
else
    LD_LIBRARY_PATH=$prefix/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} "$tmp/dynamic" >"$tmp/dynamic.out" ||
        fail "the dynamically linked program failed"
    check_output dynamic
    readelf -d "$tmp/dynamic" | grep -q "NEEDED.*\[libprecis\.so" ||
        fail "the program does not use libprecis.so"
fi

# Static: the same flags with --static, and libprecis.a named exactly (-l
# would prefer the .so lying beside it).
static_flags=$(pkg-config --static --cflags --libs precis | sed 's/-lprecis\([[:space:]]\|$\)/-l:libprecis.a\1/')
# shellcheck disable=SC2086
if ! build_program static $static_flags; then
    cat "$tmp/static.log" >&2
    fail "cc \$(pkg-config --static --cflags --libs precis) did not build the program"
else
    env -u LD_LIBRARY_PATH "$tmp/static" >"$tmp/static.out" || fail "the statically linked program failed"
    check_output static
    if readelf -d "$tmp/static" | grep -q "NEEDED.*\[libprecis"; then
        fail "the static program still needs libprecis.so"
    fi
fi

# ---------------------------------------------------------------- examples/
# The shipped example, built as its comment says (pkg-config, an rpath to the
# prefix's lib), run on a sample article with the installed model.
if [ -f "$prefix/share/precis/news.model" ]; then
    libdir=$(pkg-config --variable=libdir precis)
    # shellcheck disable=SC2046
    if ! $cc -std=c11 $extra -o "$tmp/classify" "$source/examples/classify.c" \
            $(pkg-config --cflags --libs precis) -Wl,-rpath,"$libdir" >"$tmp/classify.log" 2>&1; then
        cat "$tmp/classify.log" >&2
        fail "examples/classify.c did not build with pkg-config"
    else
        env -u LD_LIBRARY_PATH "$tmp/classify" "$prefix/share/precis/news.model" \
            <"$source/datasets/samples/sample-tech.txt" >"$tmp/classify.out" ||
            fail "examples/classify.c failed"
        grep -Eq '^tech (0\.[0-9]+|1\.0+)$' "$tmp/classify.out" ||
            fail "examples/classify.c printed: $(cat "$tmp/classify.out")"
    fi

    # A moved install: precis-infer finds the model beside itself, never the
    # configure-time prefix or the source tree's.
    mv "$prefix" "$tmp/moved"
    info=$(env -u PRECIS_MODEL "$tmp/moved/bin/precis-infer" --model-info 2>&1 | head -n 1)
    [ "$info" = "model $tmp/moved/bin/../share/precis/news.model" ] ||
        fail "a moved precis-infer's default model: $info"
    env -u PRECIS_MODEL "$tmp/moved/bin/precis-infer" --no-summary \
        "$source/datasets/samples/sample-sport.txt" >"$tmp/moved.out" 2>&1 ||
        fail "a moved precis-infer failed: $(cat "$tmp/moved.out")"
    grep -q 'label: sport' "$tmp/moved.out" || fail "a moved precis-infer said: $(cat "$tmp/moved.out")"
    rm "$tmp/moved/share/precis/news.model"
    info=$(env -u PRECIS_MODEL "$tmp/moved/bin/precis-infer" --model-info 2>&1 | head -n 1)
    case $info in
        *"$source"*) fail "an installed precis-infer fell back to the source tree's model: $info" ;;
    esac
    mv "$tmp/moved" "$prefix"
fi

if [ "$failures" -ne 0 ]; then
    echo "test_install: $failures failure(s)" >&2
    exit 1
fi
echo "test_install: installed tree, pkg-config and both links are fine"
