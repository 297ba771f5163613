#!/bin/sh
# blas_binding.sh PRECIS-INFER SOURCE-DIR — GSL must call OpenBLAS's CBLAS,
# not the reference gslcblas (DEVELOPERS.md). Debian's libgsl.so.27 itself
# lists libgslcblas.so.0 as needed, so which library its cblas_* calls bind
# to depends on the link order of the program. This runs precis-infer's LSA
# summarizer (GSL's SVD, which calls cblas_ddot, cblas_dnrm2, ...) with the
# dynamic linker reporting its bindings, and checks that every cblas_*
# symbol GSL uses is bound to libopenblas, and that there is at least one.
# Exit 77 (skipped) where the dynamic linker cannot report (static build).
set -u
infer=$1
src=$2
log=$(mktemp "${TMPDIR:-/tmp}/precis-blas.XXXXXX")
trap 'rm -f "$log"' EXIT INT TERM
LD_DEBUG=bindings LD_DEBUG_OUTPUT="$log" "$infer" --summarizer lsa \
    "$src/datasets/samples/sample-tech.txt" >/dev/null 2>&1 || { echo "FAIL: precis-infer failed"; exit 1; }
files=$(ls "$log".* 2>/dev/null)
[ -n "$files" ] || { echo "SKIPPED: no binding report from the dynamic linker"; exit 77; }
gsl=$(grep -h "binding file [^ ]*libgsl\.so[^ ]* .* normal symbol \`cblas_" $files)
rm -f $files
if [ -z "$gsl" ]; then
    echo "FAIL: GSL bound no cblas_* symbol (the LSA summarizer no longer reaches GSL's BLAS?)"
    exit 1
fi
wrong=$(printf '%s\n' "$gsl" | grep -v " to [^ ]*libopenblas")
if [ -n "$wrong" ]; then
    echo "FAIL: GSL's cblas calls are not bound to OpenBLAS:"
    printf '%s\n' "$wrong" | sed -n 1,5p
    exit 1
fi
echo "ok: $(printf '%s\n' "$gsl" | wc -l) cblas_* symbols of GSL bound to OpenBLAS"
